package org.crossview.notebook;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crossview.coarse.CoarseTrainer;
import org.crossview.plot.Charts;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * Training curves that show their progress ({@code 04_coarse_training}). The loss terms differ by orders of magnitude
 * (pose terms in mm, tens; image terms as 1 − NCC, tenths), so on one shared axis, even a logarithmic one, every curve
 * looks flat. Here each curve is divided by its own first logged value: all start at 1, and a term that halved reads
 * 0.5 whatever its unit. The legend keeps each term's first and last value in its own unit.
 */
public final class LossCurves {
    private LossCurves() {}

    /** {name → {steps, values relative to the first}} for the total and each term that is finite throughout. */
    public static Map<String, double[][]> relative(List<CoarseTrainer.HistoryRow> history) {
        if (history.isEmpty()) throw new IllegalArgumentException("history: no logged training steps (was the model trained?)");
        double[] steps = history.stream().mapToDouble(CoarseTrainer.HistoryRow::step).toArray();
        Map<String, double[]> raw = new LinkedHashMap<>();
        raw.put("total", history.stream().mapToDouble(CoarseTrainer.HistoryRow::total).toArray());
        for (String term : history.get(0).terms().keySet()) {
            raw.put(term, history.stream().mapToDouble(r -> r.terms().getOrDefault(term, Double.NaN)).toArray());
        }
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : raw.entrySet()) {
            double[] y = e.getValue();
            if (!Arrays.stream(y).allMatch(Double::isFinite) || y[0] == 0) continue;
            String unit = e.getKey().equals("total") ? "" : e.getKey().contains("pose") ? " mm" : " (1−NCC)";
            String name = String.format(Locale.ROOT, "%s: %.3g → %.3g%s", e.getKey(), y[0], y[y.length - 1], unit);
            double[] scaled = new double[y.length];
            for (int i = 0; i < y.length; i++) scaled[i] = y[i] / y[0];
            out.put(name, new double[][] {steps, scaled});
        }
        return out;
    }

    /** The relative curves on a linear axis from 0. */
    public static XYChart chart(List<CoarseTrainer.HistoryRow> history, String title) {
        XYChart chart = Charts.lines(title, "step", "loss / its first logged value", relative(history), 640, 420);
        chart.getStyler().setYAxisMin(0.0).setLegendPosition(Styler.LegendPosition.OutsideS);
        return chart;
    }
}

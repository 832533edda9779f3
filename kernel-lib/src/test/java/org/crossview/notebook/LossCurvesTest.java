package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.coarse.CoarseTrainer;
import org.junit.jupiter.api.Test;

class LossCurvesTest {

    private static CoarseTrainer.HistoryRow row(int step, double total, double poseMm, double image, double unused) {
        Map<String, Double> terms = new LinkedHashMap<>();
        terms.put("pose", poseMm);
        terms.put("image", image);
        terms.put("xpose", unused);
        return new CoarseTrainer.HistoryRow(step, total, terms, 1.0);
    }

    @Test
    void eachCurveIsRelativeToItsFirstValueWhateverItsUnit() {
        var history = List.of(row(10, 2.0, 60.0, 0.40, Double.NaN), row(20, 1.5, 45.0, 0.20, Double.NaN), row(30, 1.0, 30.0, 0.10, Double.NaN));
        Map<String, double[][]> curves = LossCurves.relative(history);
        assertEquals(List.of("total: 2.00 → 1.00", "pose: 60.0 → 30.0 mm", "image: 0.400 → 0.100 (1−NCC)"), List.copyOf(curves.keySet()),
                "a term that is never computed (NaN) is left out");
        assertArrayEquals(new double[] {10, 20, 30}, curves.get("pose: 60.0 → 30.0 mm")[0]);
        assertArrayEquals(new double[] {1, 0.75, 0.5}, curves.get("pose: 60.0 → 30.0 mm")[1], 1e-12);
        assertArrayEquals(new double[] {1, 0.5, 0.25}, curves.get("image: 0.400 → 0.100 (1−NCC)")[1], 1e-12);
    }

    @Test
    void anEmptyHistoryIsRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossCurves.relative(List.of()));
        assertEquals(true, e.getMessage().startsWith("history"));
    }
}

package org.crossview.notebook;

import java.util.List;
import java.util.Locale;
import java.util.stream.DoubleStream;
import org.crossview.coarse.CoarseRun;
import org.crossview.coarse.PoseSampling;
import org.crossview.eval.ResultTables;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Our numbers beside the paper's ({@code 07_results}), with every difference of protocol on its own row, so that
 * nobody reads the two mTRE columns as one experiment. The paper's side is DESIGN.md §5 and §9: the seed paper's
 * 0.79 ± 2.17 mm on DeepFluoro's real X-rays, DiffPose's 256² images and pose spread.
 */
public final class PaperComparison {
    private PaperComparison() {}

    /** The seed paper's mTRE on DeepFluoro (mm): mean and sd (DESIGN.md §9). */
    public static final double PAPER_MTRE_MEAN_MM = 0.79, PAPER_MTRE_SD_MM = 2.17;

    /**
     * What this run did: the multi-view rows of our simulated specimens, the registered mTRE of every view of the
     * foreign X-rays (empty when the files were absent), the evaluation's settings, the coarse options of the main
     * table's network (used only under FULL) and of the transfer networks.
     */
    public record Ours(List<ResultTables.Row> simulated, List<String> specimens, double[] foreignMm, List<String> foreignFiles,
            ResultsStudy.Settings settings, CoarseRun.Options coarse, CoarseRun.Options transferCoarse, int transferSize) {}

    /** "mean ± sd (n = N)" of the values, with the sample sd; "—" when there are none. */
    static String meanSd(double[] mm) {
        if (mm.length == 0) return "—";
        double mean = DoubleStream.of(mm).average().orElse(Double.NaN);
        double ss = DoubleStream.of(mm).map(x -> (x - mean) * (x - mean)).sum();
        double sd = mm.length > 1 ? Math.sqrt(ss / (mm.length - 1)) : 0;
        return String.format(Locale.ROOT, "%.2f ± %.2f (n = %d)", mean, sd, mm.length);
    }

    public static Table table(Ours o) {
        StringColumn what = StringColumn.create("what"), ours = StringColumn.create("this run"), paper = StringColumn.create("the paper (DeepFluoro)");
        double[] simulatedMm = o.simulated().stream().mapToDouble(r -> r.error().mTreMm()).toArray();
        row(what, ours, paper, "mTRE, simulated X-rays (mm)", meanSd(simulatedMm), "—");
        row(what, ours, paper, "mTRE, foreign X-rays (mm)", o.foreignFiles().isEmpty() ? "— (files absent)" : meanSd(o.foreignMm()) + ", " + String.join(" + ", o.foreignFiles()), "—");
        row(what, ours, paper, "mTRE, real X-rays (mm)", "— (no real X-rays here)", String.format(Locale.ROOT, "%.2f ± %.2f", PAPER_MTRE_MEAN_MM, PAPER_MTRE_SD_MM));
        row(what, ours, paper, "X-rays", "our simulator (blur, Poisson) of " + String.join(", ", o.specimens())
                + "; an independent simulator for the foreign files", "real C-arm X-rays of 6 cadaver pelves");
        row(what, ours, paper, "specimens, projections", o.specimens().size() + " simulated, " + simulatedMm.length + " projections ("
                + o.settings().casesPerSpecimen() + " cases × " + o.settings().viewsPerCase() + " views each); foreign: " + o.foreignMm().length + " views",
                "6 specimens, 366 projections");
        row(what, ours, paper, "start of the refinement", o.settings().start(), "the patient-specific coarse network");
        row(what, ours, paper, "coarse training", (o.settings().useCoarse() ? o.coarse().steps() + " steps" : "none for the simulated table")
                + String.format(Locale.ROOT, "; foreign files: %d steps × %d cases × %d views", o.transferCoarse().steps(), o.transferCoarse().casesPerBatch(),
                        o.transferCoarse().views()), "the paper's own schedule on a GPU (our FULL=1 preset: " + CoarseOptions.paper().steps() + " steps)");
        row(what, ours, paper, "image size", String.format(Locale.ROOT, "registration %d² (foreign files %d²), coarse network input %d²",
                o.settings().size(), o.transferSize(), o.transferCoarse().inputSize()), "256² (DiffPose)");
        row(what, ours, paper, "training pose spread", "networks of the foreign files: " + PoseSampling.parse(o.transferCoarse().sampling()).describe()
                + ", C-arm turned over each file's recorded angles"
                + (o.settings().useCoarse() ? "; of the specimens: " + PoseSampling.parse(o.coarse().sampling()).describe() : ""),
                "rotation sd [0.2, 0.1, 0.25] rad, translation sd [70, 90, 50] mm in DiffPose's frame");
        row(what, ours, paper, "mTRE definition", "3D, mean over landmarks of ‖T_gt⁻¹X − T_est⁻¹X‖, camera frame; the chest CT at 8 cube corners",
                "3D mTRE over DeepFluoro's landmarks (papers differ in what they call mTRE)");
        return Table.create("our numbers beside the paper's: different data, scale and starts — not one experiment", what, ours, paper);
    }

    private static void row(StringColumn what, StringColumn ours, StringColumn paper, String w, String o, String p) {
        what.append(w);
        ours.append(o);
        paper.append(p);
    }
}

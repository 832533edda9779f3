package org.crossview.notebook;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.crossview.coarse.CoarseModel;
import org.crossview.coarse.CoarseRun;
import org.crossview.coarse.FilePredictions;
import org.crossview.coarse.NetworkInput;
import org.crossview.coarse.TransferScore;
import org.crossview.data.DeepFluoroProjection;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.MultiViewCase;
import org.crossview.data.Preprocess;
import org.crossview.data.XrayView;
import org.crossview.data.XraySimulator;
import org.crossview.eval.RegistrationMetrics;
import org.crossview.eval.VerdictReport;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.refine.FileRegistration;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The notebooks' view of transfer to X-rays we did not simulate: a foreign X-ray as the network sees it, the
 * coarse model and the registration scored on a DeepFluoro-layout file against the nominal start
 * ({@link TransferScore}), and each case's verdict beside its (display-only) mTRE.
 */
public final class Transfer {
    private Transfer() {}

    /** A raw X-ray preprocessed exactly as the coarse network's input ({@link FilePredictions#preprocessing(int)}, then {@link NetworkInput#prepare}). */
    public static Image networkInput(XrayView raw, int size) {
        XrayView pre = Preprocess.apply(raw, FilePredictions.preprocessing(size));
        return new Image(size, size, NetworkInput.prepare(pre.image(), size));
    }

    /** Our own simulator's X-ray (raw counts, blur, Poisson noise; {@link XraySimulator}) of the experiment's CT at the AP pose, as the network sees it. */
    public static Image simulatedInput(CoarseExperiment exp, int detectorSize, long seed) {
        var camera = CoarseRun.camera(detectorSize);
        Rigid ap = exp.parameterisation().volFromCamOfRelative(Rigid.identity());
        Image raw = new XraySimulator(exp.renderer(), XraySimulator.Settings.defaults()).simulate(camera, ap, seed);
        return networkInput(new XrayView("simulated", raw, camera, ap, java.util.Map.of(), false), exp.options().inputSize());
    }

    /** One registered case: its outcome and each view's final mTRE (mm, from the file's ground truth; display only). */
    public record RegisteredCase(String name, FileRegistration.Outcome outcome, double[] mtreMm) {
        public double meanMtreMm() {
            return Arrays.stream(mtreMm).average().orElse(Double.NaN);
        }
    }

    /** A file's transfer: every view's coarse/consensus/nominal scores, and every case registered (same order of views). */
    public record Run(String label, List<TransferScore.ViewScore> scores, List<RegisteredCase> cases) {
        public double[] registeredMm() {
            return cases.stream().flatMapToDouble(c -> Arrays.stream(c.mtreMm())).toArray();
        }
    }

    /**
     * Scores the model on every case of the file's sidecar ({@code sidecarJson}: its cases and nominal C-arm angles, as
     * {@code register --relative} reads it) and registers each case with {@code registration}; one progress line per case.
     */
    public static Run run(String label, CoarseModel model, DeepFluoroSpecimen s, java.nio.file.Path sidecarJson, double[] isocentreLps,
            FileRegistration registration, PrintStream log) throws java.io.IOException {
        List<MultiViewCase> cases = org.crossview.data.MultiViewCases.read(sidecarJson);
        java.util.Map<String, Double> carmAnglesDeg = org.crossview.data.CarmAngles.read(sidecarJson);
        registration.withCarmAnglesDeg(carmAnglesDeg);
        List<TransferScore.ViewScore> scores = TransferScore.score(model, s, cases, isocentreLps, carmAnglesDeg);
        List<double[]> landmarks = new ArrayList<>(s.landmarksLps().values());
        List<RegisteredCase> out = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int k = 0; k < cases.size(); k++) {
            FileRegistration.CaseSpec c = FileRegistration.CaseSpec.of(cases.get(k));
            FileRegistration.Outcome o = registration.register(c);
            double[] mtre = new double[c.projections().size()];
            for (int v = 0; v < mtre.length; v++) {
                DeepFluoroProjection p = s.projection(c.projections().get(v));
                mtre[v] = RegistrationMetrics.compute(p.camera(), p.volFromCam(), o.volFromCam().get(v), landmarks).mTreMm();
            }
            RegisteredCase rc = new RegisteredCase(c.name(), o, mtre);
            out.add(rc);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            log.println(String.format(Locale.ROOT, "%s case %d/%d: start %s, %d attempt(s), %s, mTRE %.1f mm  [%.0f s elapsed, ~%.0f s left]", label, k + 1,
                    cases.size(), o.startLabel(), o.attempts(), o.verdict().label(), rc.meanMtreMm(), elapsed, elapsed / (k + 1) * (cases.size() - k - 1)));
        }
        return new Run(label, scores, out);
    }

    /**
     * Per start (coarse alone, its multi-view consensus, the nominal start, the registration): views, mTRE mean and
     * median (mm), % of views under 2 mm and % better than the nominal start. {@code registeredMm} is aligned with
     * {@code scores}.
     */
    public static Table table(String title, List<TransferScore.ViewScore> scores, double[] registeredMm) {
        if (registeredMm.length != scores.size()) {
            throw new IllegalArgumentException("registered mTREs: " + registeredMm.length + " values for " + scores.size() + " scored views");
        }
        int n = scores.size();
        double[] nominal = new double[n], coarse = new double[n], consensus = new double[n];
        for (int i = 0; i < n; i++) {
            TransferScore.ViewScore s = scores.get(i);
            nominal[i] = s.nominalMm();
            coarse[i] = s.coarseMm();
            consensus[i] = Double.isFinite(s.consensusMm()) ? s.consensusMm() : s.coarseMm();
        }
        StringColumn start = StringColumn.create("estimate");
        IntColumn views = IntColumn.create("views");
        DoubleColumn mean = DoubleColumn.create("mTRE mean (mm)"), median = DoubleColumn.create("mTRE median (mm)");
        DoubleColumn under2 = DoubleColumn.create("< 2 mm (%)"), better = DoubleColumn.create("better than nominal (%)");
        String[] names = {"coarse network alone", "coarse multi-view consensus", "nominal start (recorded C-arm angle)", "registered (start search + refinement)"};
        double[][] errors = {coarse, consensus, nominal, registeredMm};
        for (int r = 0; r < names.length; r++) {
            double[] e = errors[r];
            start.append(names[r]);
            views.append(n);
            mean.append(round1(Arrays.stream(e).average().orElse(Double.NaN)));
            median.append(round1(median(e)));
            under2.append(round1(100.0 * Arrays.stream(e).filter(x -> x < 2).count() / n));
            int b = 0;
            for (int i = 0; i < n; i++) if (e[i] < nominal[i]) b++;
            better.append(round1(100.0 * b / n));
        }
        return Table.create(title, start, views, mean, median, under2, better);
    }

    /**
     * One row per registered case: its start label, refinements run, verdict, worst view's similarity and the views'
     * disagreement (what the verdict reads), and its mean mTRE over views (ground truth: display only).
     */
    public static Table verdicts(String title, List<Run> runs) {
        StringColumn file = StringColumn.create("file"), name = StringColumn.create("case"), start = StringColumn.create("start");
        IntColumn attempts = IntColumn.create("attempts");
        StringColumn verdict = StringColumn.create("verdict");
        DoubleColumn worst = DoubleColumn.create("worst view similarity"), disagreement = DoubleColumn.create("disagreement (mm)");
        DoubleColumn mtre = DoubleColumn.create("mTRE (mm, display only)");
        for (Run r : runs) {
            for (RegisteredCase c : r.cases()) {
                FileRegistration.Outcome o = c.outcome();
                file.append(r.label());
                name.append(c.name());
                start.append(o.startLabel());
                attempts.append(o.attempts());
                verdict.append(o.verdict().label());
                worst.append(Math.round(o.verdict().worstViewSimilarity() * 1000) / 1000.0);
                disagreement.append(round1(o.verdict().disagreementMm()));
                mtre.append(Math.round(c.meanMtreMm() * 100) / 100.0);
            }
        }
        return Table.create(title, file, name, start, attempts, verdict, worst, disagreement, mtre);
    }

    /** The verdicts against the truth, per view ({@link VerdictReport}, success = mTRE under {@code successMtreMm}). */
    public static VerdictReport verdictReport(List<Run> runs, double successMtreMm) {
        List<VerdictReport.Judged> judged = new ArrayList<>();
        for (Run r : runs) {
            for (RegisteredCase c : r.cases()) {
                for (double m : c.mtreMm()) judged.add(new VerdictReport.Judged(!c.outcome().verdict().converged(), m));
            }
        }
        return VerdictReport.of(judged, successMtreMm);
    }

    private static double median(double[] e) {
        if (e.length == 0) return Double.NaN;
        double[] s = e.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    private static double round1(double x) {
        return Math.round(x * 10) / 10.0;
    }
}

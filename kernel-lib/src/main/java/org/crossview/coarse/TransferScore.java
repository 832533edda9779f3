package org.crossview.coarse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.crossview.data.DeepFluoroGeometry;
import org.crossview.data.DeepFluoroProjection;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.MultiViewCase;
import org.crossview.eval.RegistrationMetrics;
import org.crossview.geometry.Rigid;

/**
 * How a coarse model does on the X-rays of a DeepFluoro-layout file, against doing nothing: per view, the mTRE
 * ({@link RegistrationMetrics}, over the specimen's 3D landmarks) of the model's prediction, of its multi-view
 * consensus, and of the nominal start — the case's reference view at its recorded C-arm angle (AP when none is given)
 * looking at the CT's isocentre, turned 180° when stored upside down, carried to the case's other views by their known
 * camera maps (one of the starts {@code register --init ap} offers). Known angles also go to the model
 * ({@link FilePredictions#predict(CoarseModel, org.crossview.data.XrayView, Rigid)}), as in {@code register}. The stored
 * poses are used for scoring only.
 */
public final class TransferScore {
    private TransferScore() {}

    /** One view's errors (mm); {@code consensusMm} is NaN for single-view cases. */
    public record ViewScore(String specimen, String projection, int caseIndex, boolean rot180ForUp, double coarseMm, double consensusMm,
            double nominalMm) {}

    /** Aggregates over views: mean and median mTRE, % of views better than nominal, % under 10 mm. */
    public record Summary(int views, double meanMm, double medianMm, double betterThanNominalPct, double under10MmPct) {
        public String format() {
            return String.format(Locale.ROOT, "%d views: mTRE mean %.1f mm, median %.1f mm, %.0f %% better than nominal, %.0f %% < 10 mm", views, meanMm,
                    medianMm, betterThanNominalPct, under10MmPct);
        }
    }

    /**
     * Scores every view of {@code cases} (each projection alone when {@code cases} is null or empty).
     *
     * @param isocentreLps  the CT isocentre the nominal view looks at ({@link CtSource#isocentreLps()})
     * @param carmAnglesDeg nominal C-arm angle by projection id ({@link org.crossview.data.CarmAngles}); empty: none known
     */
    public static List<ViewScore> score(CoarseModel model, DeepFluoroSpecimen s, List<MultiViewCase> cases, double[] isocentreLps,
            java.util.Map<String, Double> carmAnglesDeg) {
        List<double[]> landmarks = new ArrayList<>(s.landmarksLps().values());
        if (landmarks.isEmpty()) throw new IllegalArgumentException("specimen " + s.name() + ": no vol-landmarks to score with");
        List<MultiViewCase> list = cases == null || cases.isEmpty() ? singleViews(s) : cases;
        NominalPoses nominals = new NominalPoses(isocentreLps, carmAnglesDeg);
        List<ViewScore> out = new ArrayList<>();
        for (int c = 0; c < list.size(); c++) {
            MultiViewCase mv = list.get(c);
            if (mv.specimen() != null && !mv.specimen().isEmpty() && !mv.specimen().equals(s.name())) continue;
            int n = mv.size();
            DeepFluoroProjection[] p = new DeepFluoroProjection[n];
            Rigid[] predicted = new Rigid[n], cam0FromCamV = new Rigid[n];
            for (int v = 0; v < n; v++) {
                p[v] = s.projection(mv.projections().get(v));
                predicted[v] = FilePredictions.predict(model, org.crossview.data.XrayView.of(p[v]), nominals.ifKnown(p[v]));
                cam0FromCamV[v] = mv.camFromRefCam().get(v).inverse();
            }
            Rigid[] consensus = null;
            if (n > 1) {
                org.crossview.data.XrayView[] raw = new org.crossview.data.XrayView[n];
                for (int v = 0; v < n; v++) raw[v] = org.crossview.data.XrayView.of(p[v]);
                consensus = FilePredictions.predictConsistent(model, raw, cam0FromCamV, nominals.ifKnown(p[0]));
            }
            Rigid nominalRef = nominals.orAp(p[0]);
            for (int v = 0; v < n; v++) {
                Rigid truth = p[v].volFromCam();
                double coarse = mtre(p[v], truth, predicted[v], landmarks);
                double cons = consensus == null ? Double.NaN : mtre(p[v], truth, consensus[v], landmarks);
                double nominal = mtre(p[v], truth, nominalRef.compose(cam0FromCamV[v]), landmarks);
                out.add(new ViewScore(s.name(), p[v].id(), c, p[v].rot180ForUp(), coarse, cons, nominal));
            }
        }
        return out;
    }

    /** Summary of the coarse predictions (or, with {@code consensus}, of their consensus where there is one). */
    public static Summary summarise(List<ViewScore> scores, boolean consensus) {
        double[] e = new double[scores.size()];
        int better = 0, under10 = 0;
        for (int i = 0; i < e.length; i++) {
            ViewScore s = scores.get(i);
            e[i] = consensus && Double.isFinite(s.consensusMm()) ? s.consensusMm() : s.coarseMm();
            if (e[i] < s.nominalMm()) better++;
            if (e[i] < 10) under10++;
        }
        return summary(e, better, under10);
    }

    /** Summary of the nominal start itself (better-than-nominal is 0 by definition). */
    public static Summary summariseNominal(List<ViewScore> scores) {
        double[] e = scores.stream().mapToDouble(ViewScore::nominalMm).toArray();
        int under10 = (int) Arrays.stream(e).filter(x -> x < 10).count();
        return summary(e, 0, under10);
    }

    private static Summary summary(double[] e, int better, int under10) {
        int n = e.length;
        if (n == 0) return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double[] sorted = e.clone();
        Arrays.sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        return new Summary(n, Arrays.stream(e).average().orElse(Double.NaN), median, 100.0 * better / n, 100.0 * under10 / n);
    }

    private static double mtre(DeepFluoroProjection p, Rigid truth, Rigid estimate, List<double[]> landmarks) {
        return RegistrationMetrics.compute(p.camera(), truth, estimate, landmarks).mTreMm();
    }

    private static List<MultiViewCase> singleViews(DeepFluoroSpecimen s) {
        List<MultiViewCase> out = new ArrayList<>();
        for (String id : s.projectionIds()) out.add(new MultiViewCase(id, s.name(), List.of(id), List.of(Rigid.identity())));
        return out;
    }
}

package org.crossview.coarse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crossview.geometry.Rigid;

/**
 * Scores the coarse stage alone on observed cases with known poses (DESIGN.md §7): 3D mTRE in the
 * camera frame, mean over landmarks X of ‖T_gt⁻¹X − T_est⁻¹X‖ (mm), per view, for
 * <ul>
 * <li>"start": the reference pose itself (no registration: what the network has to undo),</li>
 * <li>"coarse": each view's own prediction,</li>
 * <li>"consensus": the predictions made consistent with the known relative geometry
 *     ({@link CoarseModel#consensus}).</li>
 * </ul>
 * Summaries: mean ± sd, median, and success rates (mTRE &lt; 10, &lt; 2, &lt; 1 mm).
 */
public final class CoarseEvaluation {
    private CoarseEvaluation() {}

    /** Per-view mTREs of the three pose sets. */
    public record Result(double[] startMm, double[] coarseMm, double[] consensusMm, double[][] coarseErrorByDof, double seconds) {
        public Summary start() { return Summary.of(startMm); }
        public Summary coarse() { return Summary.of(coarseMm); }
        public Summary consensus() { return Summary.of(consensusMm); }

        public String table() {
            return String.format("%-10s %8s %8s %8s %8s %7s %7s %7s%n", "poses", "mean", "sd", "median", "max", "<10mm", "<2mm", "<1mm")
                    + start().row("start") + coarse().row("coarse") + consensus().row("consensus")
                    + String.format("coarse error by degree of freedom (RMS, each view's isocentre frame: x columns, y rows, z depth):%n"
                            + "  rotation x %.1f°, y %.1f°, z (in-plane) %.1f°; translation x %.1f mm, y %.1f mm, z (depth) %.1f mm%n",
                            rms(coarseErrorByDof, 0, 180 / Math.PI), rms(coarseErrorByDof, 1, 180 / Math.PI), rms(coarseErrorByDof, 2, 180 / Math.PI),
                            rms(coarseErrorByDof, 3, 1), rms(coarseErrorByDof, 4, 1), rms(coarseErrorByDof, 5, 1));
        }

        private static double rms(double[][] e, int dof, double scale) {
            double s = 0;
            for (double[] x : e) s += x[dof] * x[dof];
            return scale * Math.sqrt(s / Math.max(1, e.length));
        }
    }

    /** mean, sd, median, max and success rates of a set of mTREs (mm). */
    public record Summary(int n, double mean, double sd, double median, double max, double under10, double under2, double under1) {
        static Summary of(double[] x) {
            double[] s = x.clone();
            Arrays.sort(s);
            double m = Arrays.stream(s).average().orElse(Double.NaN);
            double var = Arrays.stream(s).map(v -> (v - m) * (v - m)).sum() / Math.max(1, s.length - 1);
            double med = s.length == 0 ? Double.NaN : (s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]));
            return new Summary(s.length, m, Math.sqrt(var), med, s.length == 0 ? Double.NaN : s[s.length - 1], frac(s, 10), frac(s, 2), frac(s, 1));
        }

        private static double frac(double[] s, double t) {
            return s.length == 0 ? Double.NaN : Arrays.stream(s).filter(v -> v < t).count() / (double) s.length;
        }

        String row(String name) {
            return String.format("%-10s %8.2f %8.2f %8.2f %8.2f %6.1f%% %6.1f%% %6.1f%%%n", name, mean, sd, median, max, 100 * under10, 100 * under2, 100 * under1);
        }
    }

    /** mTRE (mm) between a true and an estimated volFromCam over landmarks (LPS). */
    public static double mtreMm(Rigid trueVolFromCam, Rigid estVolFromCam, double[][] landmarksLps) {
        Rigid a = trueVolFromCam.inverse(), b = estVolFromCam.inverse();
        double s = 0;
        for (double[] x : landmarksLps) {
            double[] p = a.apply(x), q = b.apply(x);
            s += Math.sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
        }
        return s / landmarksLps.length;
    }

    /**
     * The error of an estimated pose as se(3) coordinates (ω rad, v mm) in the true view's isocentre frame (origin
     * on the central ray {@code isoDistanceMm} from the source, camera axes): log(volFromIso_true⁻¹·volFromIso_est),
     * so ω[0..1] are the out-of-plane rotations, ω[2] the in-plane one, v[2] the depth.
     */
    public static double[] errorInIsocentreFrame(Rigid trueVolFromCam, Rigid estVolFromCam, double isoDistanceMm) {
        Rigid camFromIso = Rigid.translation(0, 0, -isoDistanceMm);
        return trueVolFromCam.compose(camFromIso).inverse().compose(estVolFromCam.compose(camFromIso)).log();
    }

    public static Result evaluate(CoarseModel model, List<ObservedCase> cases, double[][] landmarksLps) {
        if (landmarksLps.length == 0) throw new IllegalArgumentException("evaluation: need at least one landmark");
        long t0 = System.nanoTime();
        List<Double> start = new ArrayList<>(), coarse = new ArrayList<>(), consensus = new ArrayList<>();
        List<double[]> byDof = new ArrayList<>();
        Rigid ref = model.info().parameterisation().volFromCamRef();
        double iso = model.info().parameterisation().isoDistanceMm();
        for (ObservedCase c : cases) {
            Rigid[] each = model.predict(c.camera(), c.logImages());
            Rigid[] joint = model.predictConsistent(c.camera(), c.logImages(), c.cam0FromCamV());
            for (int v = 0; v < c.views(); v++) {
                start.add(mtreMm(c.trueVolFromCam()[v], ref, landmarksLps));
                coarse.add(mtreMm(c.trueVolFromCam()[v], each[v], landmarksLps));
                consensus.add(mtreMm(c.trueVolFromCam()[v], joint[v], landmarksLps));
                byDof.add(errorInIsocentreFrame(c.trueVolFromCam()[v], each[v], iso));
            }
        }
        return new Result(toArray(start), toArray(coarse), toArray(consensus), byDof.toArray(new double[0][]), (System.nanoTime() - t0) / 1e9);
    }

    private static double[] toArray(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

package org.crossview.refine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;

/**
 * Chooses where a case's refinement starts, by image loss alone (never a ground truth): every candidate pose
 * of the reference camera (coarse predictions, their consensus, nominal C-arm poses, …) is scored at the
 * coarsest pyramid level; then a cheap multi-start search perturbs the best few along the degrees of freedom
 * a start gets most wrong, optimises each perturbed start briefly at the coarsest level, and ranks the distinct
 * results by loss. The ranking's head is the start; the next distinct entries are the starts of retries.
 *
 * <p>The perturbations are taken in the reference camera frame about the pivot (the anatomy): rotations
 * about the camera's y axis (the C-arm's axis, the patient's long axis in a DeepFluoro-like view), about x
 * (cranial/caudal tilt) and about z (in-plane, including the 180° turn of an image stored upside down),
 * a depth shift along z and in-plane shifts along x and y. Since each seed also enters the search unperturbed
 * and the inner optimisation keeps the best pose it visits, the chosen start's coarsest-level loss is never
 * above the best plain candidate's.
 */
public final class StartSearch {
    private StartSearch() {}

    /** A candidate start with a label saying where it came from (e.g. "coarse:001", "consensus", "carm:000"). */
    public record Candidate(String label, Rigid volFromCamRef) {}

    /** A ranked start: its label (perturbations appended, e.g. "carm:000 ry+25°"), pose and coarsest-level loss. */
    public record Ranked(String label, Rigid volFromCamRef, double coarseLoss) {}

    /**
     * The ranking (best first, distinct by {@link #gapMm} ≥ {@code distinctMm} in the searched part), the
     * number of coarsest-level loss evaluations it took and its wall time.
     */
    public record Result(List<Ranked> ranked, int evaluations, double seconds) {
        public Ranked best() {
            return ranked.get(0);
        }
    }

    /**
     * @param seeds how many of the best plain candidates are perturbed
     * @param carmAxisDeg rotation step about the camera y axis (± this)
     * @param tiltDeg rotation step about the camera x axis (± this)
     * @param inPlaneDeg rotation step about the camera z axis (± this; the 180° turn is always tried)
     * @param depthMm shift along the camera z axis (± this)
     * @param shiftMm shift along the camera x and y axes (± this)
     * @param screenIterations coarsest-level iterations every seed and perturbation gets
     * @param finalists how many distinct screened starts get {@code finalIterations} more
     * @param finalIterations coarsest-level iterations of a finalist
     * @param distinctMm two starts closer than this ({@link #gapMm}) count as one
     */
    public record Settings(int seeds, double carmAxisDeg, double tiltDeg, double inPlaneDeg, double depthMm, double shiftMm,
            int screenIterations, int finalists, int finalIterations, double distinctMm) {
        public Settings {
            if (seeds < 1 || finalists < 1) throw new IllegalArgumentException("start search: seeds and finalists must be ≥ 1");
            if (screenIterations < 1 || finalIterations < 0) throw new IllegalArgumentException("start search: iterations must be ≥ 1 (screen), ≥ 0 (final)");
            if (!(distinctMm > 0)) throw new IllegalArgumentException("start search: distinctMm must be positive");
        }

        /**
         * Steps of about 1.5–2 sd of the DeepFluoro-like spreads the refinement must cover (DESIGN.md §5:
         * 0.1–0.25 rad, tens of mm), so that a start off by up to ~2 sd has a perturbation within ~1 sd, which
         * the refinement reaches from AP on our simulations (issue 12: 10°/15 mm works, 20°/40 mm does not).
         */
        public static Settings defaults() {
            return new Settings(3, 25, 15, 15, 60, 30, 10, 3, 40, 10);
        }

        public Settings withSeeds(int n) {
            return new Settings(n, carmAxisDeg, tiltDeg, inPlaneDeg, depthMm, shiftMm, screenIterations, finalists, finalIterations, distinctMm);
        }
    }

    /**
     * Ranks the candidates; with {@code settings} null, by their plain coarsest-level loss only (no search).
     *
     * @param pivotVolMm the point rotations are taken about (volume LPS, mm), e.g. the CT's isocentre
     */
    public static Result search(MultiViewRefiner refiner, List<CaseView> views, List<Candidate> candidates, double[] pivotVolMm,
            Settings settings) {
        if (candidates.isEmpty()) throw new IllegalArgumentException("start search: no candidate");
        long t0 = System.nanoTime();
        List<Rigid> poses = new ArrayList<>();
        for (Candidate c : candidates) poses.add(c.volFromCamRef());
        double[] losses = refiner.coarsestLosses(views, poses);
        List<Ranked> plain = new ArrayList<>();
        for (int k = 0; k < losses.length; k++) plain.add(new Ranked(candidates.get(k).label(), poses.get(k), losses[k]));
        plain.sort(Comparator.comparingDouble(Ranked::coarseLoss));
        int evaluations = losses.length;
        if (settings == null) return new Result(List.copyOf(plain), evaluations, (System.nanoTime() - t0) * 1e-9);

        List<Ranked> pool = new ArrayList<>();
        for (Ranked seed : distinct(plain, settings.seeds(), pivotVolMm, settings.distinctMm())) {
            pool.add(seed);
            for (Perturbation p : perturbations(settings)) {
                pool.add(new Ranked(seed.label() + " " + p.label(), perturb(seed.volFromCamRef(), p, pivotVolMm), Double.NaN));
            }
        }
        List<Ranked> screened = new ArrayList<>();
        for (Ranked r : pool) {
            MultiViewRefiner.Scored s = refiner.optimiseCoarsest(views, r.volFromCamRef(), pivotVolMm, settings.screenIterations());
            evaluations += s.iterations();
            screened.add(new Ranked(r.label(), s.volFromCamRef(), s.loss()));
        }
        screened.sort(Comparator.comparingDouble(Ranked::coarseLoss));
        List<Ranked> finals = new ArrayList<>();
        for (Ranked r : distinct(screened, settings.finalists(), pivotVolMm, settings.distinctMm())) {
            if (settings.finalIterations() == 0) {
                finals.add(r);
                continue;
            }
            MultiViewRefiner.Scored s = refiner.optimiseCoarsest(views, r.volFromCamRef(), pivotVolMm, settings.finalIterations());
            evaluations += s.iterations();
            finals.add(new Ranked(r.label(), s.volFromCamRef(), Math.min(s.loss(), r.coarseLoss())));
        }
        finals.sort(Comparator.comparingDouble(Ranked::coarseLoss));
        // the searched starts first, then the other screened ones (for further retries), all distinct
        List<Ranked> all = new ArrayList<>(finals);
        all.addAll(screened);
        return new Result(distinct(all, all.size(), pivotVolMm, settings.distinctMm()), evaluations, (System.nanoTime() - t0) * 1e-9);
    }

    /** One perturbation in the reference camera frame about the pivot: rotation vector (rad) then translation (mm). */
    record Perturbation(String label, double[] rotationRad, double[] translationMm) {}

    static List<Perturbation> perturbations(Settings s) {
        List<Perturbation> out = new ArrayList<>();
        for (int sign : new int[] {1, -1}) {
            String sg = sign > 0 ? "+" : "-";
            out.add(rotation("ry" + sg + fmt(s.carmAxisDeg()) + "°", 1, sign * s.carmAxisDeg()));
            out.add(rotation("rx" + sg + fmt(s.tiltDeg()) + "°", 0, sign * s.tiltDeg()));
            out.add(rotation("rz" + sg + fmt(s.inPlaneDeg()) + "°", 2, sign * s.inPlaneDeg()));
            out.add(new Perturbation("tz" + sg + fmt(s.depthMm()) + "mm", new double[3], new double[] {0, 0, sign * s.depthMm()}));
            out.add(new Perturbation("tx" + sg + fmt(s.shiftMm()) + "mm", new double[3], new double[] {sign * s.shiftMm(), 0, 0}));
            out.add(new Perturbation("ty" + sg + fmt(s.shiftMm()) + "mm", new double[3], new double[] {0, sign * s.shiftMm(), 0}));
        }
        out.add(rotation("rz180°", 2, 180));
        return out;
    }

    private static Perturbation rotation(String label, int axis, double deg) {
        double[] w = new double[3];
        w[axis] = Math.toRadians(deg);
        return new Perturbation(label, w, new double[3]);
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }

    /** volFromCamRef · Q · R · Q⁻¹ · T with Q the translation to the pivot in the camera frame. */
    static Rigid perturb(Rigid volFromCamRef, Perturbation p, double[] pivotVolMm) {
        double[] c = volFromCamRef.inverse().apply(pivotVolMm);
        Rigid q = Rigid.translation(c[0], c[1], c[2]);
        double[] w = p.rotationRad(), t = p.translationMm();
        return volFromCamRef.compose(q).compose(Rigid.exp(w[0], w[1], w[2], 0, 0, 0)).compose(q.inverse()).compose(Rigid.translation(t[0], t[1], t[2]));
    }

    /**
     * How far apart two poses of the reference camera put the anatomy: the mean distance (mm), in the camera
     * frame, between the images of the 8 corners of a 100 mm cube about the pivot.
     */
    public static double gapMm(Rigid a, Rigid b, double[] pivotVolMm) {
        Rigid ai = a.inverse(), bi = b.inverse();
        double s = 0;
        for (double[] x : cubeCornersLps(pivotVolMm)) {
            double[] p = ai.apply(x), q = bi.apply(x);
            s += Math.sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
        }
        return s / 8;
    }

    /** The 8 corners of a 100 mm cube centred on a point (volume LPS, mm): the anatomy that start distances are measured on. */
    static double[][] cubeCornersLps(double[] centreLps) {
        double[][] out = new double[8][];
        for (int k = 0; k < 8; k++) {
            out[k] = new double[] {centreLps[0] + ((k & 1) == 0 ? -50 : 50), centreLps[1] + ((k & 2) == 0 ? -50 : 50), centreLps[2] + ((k & 4) == 0 ? -50 : 50)};
        }
        return out;
    }

    /** The first {@code max} entries (in order) none of which lies within {@code distinctMm} of an earlier kept one. */
    private static List<Ranked> distinct(List<Ranked> sorted, int max, double[] pivotVolMm, double distinctMm) {
        List<Ranked> out = new ArrayList<>();
        for (Ranked r : sorted) {
            if (out.size() >= max) break;
            boolean near = false;
            for (Ranked k : out) near |= gapMm(k.volFromCamRef(), r.volFromCamRef(), pivotVolMm) < distinctMm;
            if (!near) out.add(r);
        }
        return List.copyOf(out);
    }
}

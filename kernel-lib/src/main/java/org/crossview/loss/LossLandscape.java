package org.crossview.loss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.geometry.Pivot;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.Renderer;

/**
 * Loss landscapes of a multi-view case around its true pose: the losses as one pose parameter (1-D sweeps) or two
 * (2-D maps) move away from the truth, everything else held. Parameters are taken about a pivot (e.g. the
 * anatomy's centre) in a camera's axes, rotation in degrees and translation in millimetres:
 * (rx, ry, rz, tx, ty, tz), x along image columns, y along rows, z in depth towards the source (see {@link Pivot}).
 *
 * <p>Two kinds of perturbation: the whole case moving rigidly (the reference pose perturbed, every view following
 * through its known relative transform: what the refinement's multi-view objective sees), and one view's
 * predicted pose moving alone (what the coarse network's per-view predictions and the cross-view terms see).
 * Renders are batched per view (one render call per view and sweep).
 */
public final class LossLandscape {
    private final Renderer renderer;
    private final List<CaseView> views;
    private final Rigid volFromCamRefTrue;
    private final double[] pivotLps;

    /**
     * @param views             the case (view 0 is usually the reference, with the identity camRefFromCam)
     * @param volFromCamRefTrue the true pose of the reference camera
     * @param pivotLps          the point rotations are taken about (volume LPS, mm)
     */
    public LossLandscape(Renderer renderer, List<CaseView> views, Rigid volFromCamRefTrue, double[] pivotLps) {
        if (renderer == null || views == null || views.isEmpty() || volFromCamRefTrue == null) {
            throw new IllegalArgumentException("loss landscape: renderer, at least one view and the true pose are required");
        }
        if (pivotLps == null || pivotLps.length != 3) throw new IllegalArgumentException("pivotLps: expected 3 values");
        this.renderer = renderer;
        this.views = List.copyOf(views);
        this.volFromCamRefTrue = volFromCamRefTrue;
        this.pivotLps = pivotLps.clone();
    }

    /** {@code count} evenly spaced values from {@code from} to {@code to} inclusive. */
    public static double[] range(double from, double to, int count) {
        if (count < 2) throw new IllegalArgumentException("count: need at least 2 values, got " + count);
        double[] out = new double[count];
        for (int i = 0; i < count; i++) out[i] = from + (to - from) * i / (count - 1);
        return out;
    }

    /** The true pose of view v. */
    public Rigid volFromCamTrue(int v) {
        return views.get(v).volFromCam(volFromCamRefTrue);
    }

    /** The reference pose perturbed by (rx, ry, rz in degrees, tx, ty, tz in mm) about the pivot, in the reference camera's axes. */
    public Rigid referencePoseAt(double... degMm) {
        return Pivot.atLps(volFromCamRefTrue, pivotLps).perturbDegMm(volFromCamRefTrue, degMm);
    }

    /**
     * The whole case moving rigidly along one parameter: for each named similarity S, the mean over {@code onViews}
     * of 1 − S(image_v, DRR_v) at each offset.
     */
    public Map<String, double[]> sweep(int parameter, double[] offsets, Map<String, ImageSimilarity> similarities, int... onViews) {
        requireParameter(parameter);
        int[] vs = viewsOrAll(onViews);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String name : similarities.keySet()) out.put(name, new double[offsets.length]);
        Rigid[] refs = new Rigid[offsets.length];
        for (int i = 0; i < offsets.length; i++) refs[i] = referencePoseAt(unit(parameter, offsets[i]));
        for (int v : vs) {
            CaseView view = views.get(v);
            Rigid[] poses = new Rigid[refs.length];
            for (int i = 0; i < refs.length; i++) poses[i] = view.volFromCam(refs[i]);
            Image[] drr = renderer.render(view.camera(), poses);
            for (Map.Entry<String, ImageSimilarity> e : similarities.entrySet()) {
                double[] acc = out.get(e.getKey());
                for (int i = 0; i < drr.length; i++) acc[i] += (1 - e.getValue().value(view.image(), drr[i], view.mask())) / vs.length;
            }
        }
        return out;
    }

    /**
     * The whole case moving rigidly along two parameters: values[ib][ia] = mean over {@code onViews} of 1 − S at
     * parameter {@code pa} = a[ia] and {@code pb} = b[ib].
     */
    public double[][] map(int pa, double[] a, int pb, double[] b, ImageSimilarity similarity, int... onViews) {
        requireParameter(pa);
        requireParameter(pb);
        if (pa == pb) throw new IllegalArgumentException("map: the two parameters must differ, got " + pa + " twice");
        int[] vs = viewsOrAll(onViews);
        double[][] out = new double[b.length][a.length];
        for (int ib = 0; ib < b.length; ib++) {
            Rigid[] refs = new Rigid[a.length];
            for (int ia = 0; ia < a.length; ia++) {
                double[] xi = new double[6];
                xi[pa] = a[ia];
                xi[pb] = b[ib];
                refs[ia] = referencePoseAt(xi);
            }
            for (int v : vs) {
                CaseView view = views.get(v);
                Rigid[] poses = new Rigid[refs.length];
                for (int i = 0; i < refs.length; i++) poses[i] = view.volFromCam(refs[i]);
                Image[] drr = renderer.render(view.camera(), poses);
                for (int ia = 0; ia < a.length; ia++) out[ib][ia] += (1 - similarity.value(view.image(), drr[ia], view.mask())) / vs.length;
            }
        }
        return out;
    }

    /**
     * One view's predicted pose moving alone along one parameter (about the pivot, in that view's camera axes),
     * every other view's prediction at its truth: each term of the coarse loss ({@link CoarseLoss.Result}: "pose",
     * "image", "cross-view pose", "cross-view image"; a term switched off by its weight is NaN), unweighted.
     */
    public Map<String, double[]> coarseTerms(CoarseLoss loss, int view, int parameter, double[] offsets) {
        requireParameter(parameter);
        if (view < 0 || view >= views.size()) throw new IllegalArgumentException("view: must be in 0.." + (views.size() - 1) + ", got " + view);
        Rigid[] truth = new Rigid[views.size()];
        for (int v = 0; v < truth.length; v++) truth[v] = volFromCamTrue(v);
        Pivot pivot = Pivot.atLps(truth[view], pivotLps);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String name : new String[] {"pose", "image", "cross-view pose", "cross-view image"}) out.put(name, new double[offsets.length]);
        for (int i = 0; i < offsets.length; i++) {
            Rigid[] predicted = truth.clone();
            predicted[view] = pivot.perturbDegMm(truth[view], unit(parameter, offsets[i]));
            CoarseLoss.Result r = loss.evaluate(views, predicted, truth);
            out.get("pose")[i] = r.pose();
            out.get("image")[i] = r.image();
            out.get("cross-view pose")[i] = r.crossPose();
            out.get("cross-view image")[i] = r.crossImage();
        }
        return out;
    }

    /** Pose distances between the reference's true pose and the reference perturbed along one parameter. */
    public Map<String, double[]> poseDistances(List<PoseDistance> distances, int parameter, double[] offsets) {
        requireParameter(parameter);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (PoseDistance d : distances) {
            double[] values = new double[offsets.length];
            for (int i = 0; i < offsets.length; i++) values[i] = d.evaluate(referencePoseAt(unit(parameter, offsets[i])), volFromCamRefTrue).value();
            out.put(d.name(), values);
        }
        return out;
    }

    /** {name → {x, y}} for {@code org.crossview.plot.Charts.lines}. */
    public static Map<String, double[][]> series(double[] x, Map<String, double[]> curves) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : curves.entrySet()) out.put(e.getKey(), new double[][] {x, e.getValue()});
        return out;
    }

    /** Each curve divided by its largest value over the sweep (curves of different units on one axis); all-zero curves stay 0. */
    public static Map<String, double[]> scaledToMax(Map<String, double[]> curves) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : curves.entrySet()) {
            double m = 0;
            for (double x : e.getValue()) if (Double.isFinite(x)) m = Math.max(m, Math.abs(x));
            double[] y = e.getValue().clone();
            if (m > 0) for (int i = 0; i < y.length; i++) y[i] /= m;
            out.put(e.getKey(), y);
        }
        return out;
    }

    private int[] viewsOrAll(int[] onViews) {
        if (onViews == null || onViews.length == 0) {
            int[] all = new int[views.size()];
            for (int v = 0; v < all.length; v++) all[v] = v;
            return all;
        }
        for (int v : onViews) if (v < 0 || v >= views.size()) throw new IllegalArgumentException("view: must be in 0.." + (views.size() - 1) + ", got " + v);
        return onViews;
    }

    private static void requireParameter(int k) {
        if (k < 0 || k > 5) throw new IllegalArgumentException("parameter: must be 0..5 (rx, ry, rz, tx, ty, tz), got " + k);
    }

    private static double[] unit(int k, double value) {
        double[] xi = new double[6];
        xi[k] = value;
        return xi;
    }
}

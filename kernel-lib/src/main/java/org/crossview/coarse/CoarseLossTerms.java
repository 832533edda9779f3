package org.crossview.coarse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.Renderer;

/**
 * The coarse loss of DESIGN.md §4 on a batch of multi-view cases, each term averaged over its items:
 * <ul>
 * <li>pose: RMS point distance (mm) between predicted and true pose, per view ({@link PointPoseTerms});</li>
 * <li>image: dissimilarity (1 − NCC) between the DRR at the predicted pose and the view's clean DRR,
 *     through the renderer's backward pass;</li>
 * <li>cross-pose: for every ordered pair (i, j) of views of a case, the RMS point distance between view j's
 *     prediction and the pose implied by view i's prediction and the known C-arm transform,
 *     T̂_i·C_ij with C_ij = camI ← camJ (gradients reach both predictions);</li>
 * <li>cross-image: for the same pairs, the DRR at T̂_i·C_ij against view j's image; its gradient reaches
 *     view i through T̂_i·exp(ξ^)·C_ij = T̂_i·C_ij·exp((Ad_{C_ij⁻¹} ξ)^).</li>
 * </ul>
 * A term whose weight is 0 is not computed (and reported as NaN).
 */
public final class CoarseLossTerms implements CoarseObjective {
    public static final String POSE = "pose", IMAGE = "image", CROSS_POSE = "xpose", CROSS_IMAGE = "ximage";

    private final LossWeights weights;
    private final PointPoseTerms points;
    private final Renderer renderer;
    private final ImageSimilarity similarity;

    /** @param renderer needed only when an image term is on */
    public CoarseLossTerms(LossWeights weights, PointPoseTerms points, Renderer renderer, ImageSimilarity similarity) {
        if ((weights.image() > 0 || weights.crossImage() > 0) && (renderer == null || similarity == null)) {
            throw new IllegalArgumentException("coarse loss: image terms need a renderer and an image similarity");
        }
        this.weights = weights;
        this.points = points;
        this.renderer = renderer;
        this.similarity = similarity;
    }

    @Override
    public LossWeights weights() {
        return weights;
    }

    @Override
    public Evaluation evaluate(SyntheticBatch batch, Rigid[] predicted) {
        int n = batch.size();
        if (predicted.length != n) throw new IllegalArgumentException("predicted poses: expected " + n + ", got " + predicted.length);
        double[][] grad = new double[n][6];
        Map<String, Double> terms = new LinkedHashMap<>();
        double total = 0;

        if (weights.pose() > 0) {
            double s = 0;
            for (int i = 0; i < n; i++) s += points.rmsDistance(predicted[i], batch.trueVolFromCam(i), weights.pose() / n, grad[i], null);
            terms.put(POSE, s / n);
            total += weights.pose() * s / n;
        } else {
            terms.put(POSE, Double.NaN);
        }

        if (weights.image() > 0) {
            Image[] targets = new Image[n];
            for (int i = 0; i < n; i++) targets[i] = batch.target(i);
            double v = imageTerm(batch.camera(), predicted, targets, weights.image() / n, grad, identityOwners(n), null);
            terms.put(IMAGE, v / n);
            total += weights.image() * v / n;
        } else {
            terms.put(IMAGE, Double.NaN);
        }

        List<int[]> pairs = pairs(batch);
        if (weights.crossPose() > 0 && !pairs.isEmpty()) {
            double s = 0;
            double scale = weights.crossPose() / pairs.size();
            for (int[] p : pairs) {
                int i = batch.index(p[0], p[1]), j = batch.index(p[0], p[2]);
                Rigid c = batch.camIFromCamJ(p[0], p[1], p[2]);
                double[] gImplied = new double[6];
                s += points.rmsDistance(predicted[i].compose(c), predicted[j], scale, gImplied, grad[j]);
                addInto(grad[i], Se3.adjointTranspose(c.inverse(), gImplied));
            }
            terms.put(CROSS_POSE, s / pairs.size());
            total += weights.crossPose() * s / pairs.size();
        } else {
            terms.put(CROSS_POSE, Double.NaN);
        }

        if (weights.crossImage() > 0 && !pairs.isEmpty()) {
            int m = pairs.size();
            Rigid[] implied = new Rigid[m];
            Image[] targets = new Image[m];
            int[] owners = new int[m];
            Rigid[] pullBack = new Rigid[m];
            for (int k = 0; k < m; k++) {
                int[] p = pairs.get(k);
                int i = batch.index(p[0], p[1]), j = batch.index(p[0], p[2]);
                Rigid c = batch.camIFromCamJ(p[0], p[1], p[2]);
                implied[k] = predicted[i].compose(c);
                targets[k] = batch.target(j);
                owners[k] = i;
                pullBack[k] = c.inverse();
            }
            double v = imageTerm(batch.camera(), implied, targets, weights.crossImage() / m, grad, owners, pullBack);
            terms.put(CROSS_IMAGE, v / m);
            total += weights.crossImage() * v / m;
        } else {
            terms.put(CROSS_IMAGE, Double.NaN);
        }
        return new Evaluation(total, terms, grad);
    }

    /**
     * Σ_k dissimilarity(target_k, DRR(pose_k)); adds scale·gradient of item k into grad[owner[k]], mapped
     * through Ad_{pullBack[k]}ᵀ when the rendered pose is owner·pullBack⁻¹ (cross-view), as is otherwise.
     */
    private double imageTerm(Camera camera, Rigid[] poses, Image[] targets, double scale, double[][] grad, int[] owners, Rigid[] pullBack) {
        Image[] moving = renderer.render(camera, poses);
        Image[] dLdI = new Image[poses.length];
        double sum = 0;
        for (int k = 0; k < poses.length; k++) {
            float[] g = new float[camera.cols() * camera.rows()];
            sum += similarity.lossAndGradient(targets[k], moving[k], g);
            for (int p = 0; p < g.length; p++) g[p] *= (float) scale;
            dLdI[k] = new Image(camera.cols(), camera.rows(), g);
        }
        double[][] gPose = renderer.poseGradient(camera, poses, dLdI);
        for (int k = 0; k < poses.length; k++) {
            double[] g = pullBack == null ? gPose[k] : Se3.adjointTranspose(pullBack[k], gPose[k]);
            addInto(grad[owners[k]], g);
        }
        return sum;
    }

    /** Ordered pairs (case, i, j), i ≠ j. */
    private static List<int[]> pairs(SyntheticBatch batch) {
        List<int[]> out = new ArrayList<>();
        for (int c = 0; c < batch.cases(); c++) {
            for (int i = 0; i < batch.views(); i++) {
                for (int j = 0; j < batch.views(); j++) {
                    if (i != j) out.add(new int[] {c, i, j});
                }
            }
        }
        return out;
    }

    private static int[] identityOwners(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) o[i] = i;
        return o;
    }

    private static void addInto(double[] acc, double[] g) {
        for (int a = 0; a < 6; a++) acc[a] += g[a];
    }
}

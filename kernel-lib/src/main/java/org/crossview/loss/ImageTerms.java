package org.crossview.loss;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.geometry.Se3Tangents;
import org.crossview.image.Image;
import org.crossview.render.Linearisation;
import org.crossview.render.Renderer;

/**
 * The image term and the cross-view image term of a case (DESIGN.md §4), sharing render calls.
 * <ul>
 * <li>image: mean over views j of 1 − S(image_j, DRR_j(T̂_j));
 * <li>cross-view image: mean over ordered pairs i ≠ j of 1 − S(image_j, DRR_j(T̂_i·C_ij)), view j rendered
 *     at the pose implied by view i's prediction (C_ij = camIFromCamJ). Only T̂_i moves that DRR:
 *     T̂_i·exp(ξ_i)·C = (T̂_i·C)·exp(Ad_{C⁻¹} ξ_i), so ∂/∂ξ_i = Ad_{C⁻¹}ᵀ · (renderer gradient at T̂_i·C).
 * </ul>
 * S is the chosen similarity with view j's mask; all gradients are with respect to the right perturbation of
 * the predicted volFromCam poses.
 *
 * <p>{@link #evaluate} makes one {@code linearise} call (and one VJP of it) per view's camera;
 * {@link #evaluateAll} evaluates many cases with one of each per distinct camera object (a training
 * batch: one each). Every DRR and VJP is a function of its own pose only, and the sums run in the
 * same order, so both give the same values and gradients.
 */
public final class ImageTerms {
    private final Renderer renderer;
    private final ImageSimilarity similarity;

    /** Both terms' values and gradients (a term not asked for is null), and the DRRs at T̂_j (or null). */
    public record Result(TermValue image, TermValue crossImage, Image[] rendered) {}

    /** One DRR a term needs: view j of case c at {@code pose}; {@code from} = −1 (image term) or the view i implying it. */
    private record Job(int c, int j, int from, Rigid pose, Rigid backToI) {}

    public ImageTerms(Renderer renderer, ImageSimilarity similarity) {
        if (renderer == null || similarity == null) throw new IllegalArgumentException("image terms: renderer and similarity are required");
        this.renderer = renderer;
        this.similarity = similarity;
    }

    public ImageSimilarity similarity() {
        return similarity;
    }

    /** The terms of one case, one linearise and one VJP per view. */
    public Result evaluate(List<CaseView> views, Rigid[] predictedVolFromCam, boolean image, boolean crossImage) {
        return run(Collections.singletonList(views), Collections.singletonList(predictedVolFromCam), image, crossImage, false)[0];
    }

    /** The terms of each case, with one linearise and one VJP per distinct camera over all cases. */
    public Result[] evaluateAll(List<List<CaseView>> cases, List<Rigid[]> predictedVolFromCam, boolean image, boolean crossImage) {
        return run(cases, predictedVolFromCam, image, crossImage, true);
    }

    private Result[] run(List<List<CaseView>> cases, List<Rigid[]> predicted, boolean image, boolean crossImage, boolean batched) {
        if (cases.size() != predicted.size()) throw new IllegalArgumentException("image terms: " + cases.size() + " cases but " + predicted.size() + " pose sets");
        List<Job> jobs = new ArrayList<>();
        for (int c = 0; c < cases.size(); c++) {
            List<CaseView> views = cases.get(c);
            int n = views.size();
            Rigid[] pred = predicted.get(c);
            Checks.poses("predicted poses", pred, n);
            for (int j = 0; j < n; j++) {
                if (image) jobs.add(new Job(c, j, -1, pred[j], null));
                if (!crossImage || n < 2) continue;
                for (int i = 0; i < n; i++) {
                    if (i == j) continue;
                    Rigid cij = CaseView.camIFromCamJ(views.get(i), views.get(j));
                    jobs.add(new Job(c, j, i, pred[i].compose(cij), cij.inverse()));
                }
            }
        }
        // Calls: per (case, view) as the terms are defined, or per camera over the whole batch.
        Map<Object, List<Integer>> calls = batched ? new IdentityHashMap<>() : new LinkedHashMap<>();
        for (int k = 0; k < jobs.size(); k++) {
            Job job = jobs.get(k);
            Object key = batched ? cases.get(job.c()).get(job.j()).camera() : List.of(job.c(), job.j());
            calls.computeIfAbsent(key, x -> new ArrayList<>()).add(k);
        }
        double[] value = new double[jobs.size()];
        Image[] drr = new Image[jobs.size()];
        double[][] grad = new double[jobs.size()][];
        for (List<Integer> call : calls.values()) {
            Job first = jobs.get(call.get(0));
            Camera camera = cases.get(first.c()).get(first.j()).camera();
            Rigid[] poses = new Rigid[call.size()];
            for (int p = 0; p < poses.length; p++) poses[p] = jobs.get(call.get(p)).pose();
            Linearisation lin = renderer.linearise(camera, poses); // images and Jacobians in one walk where the back end can
            Image[] rendered = lin.images();
            Image[] dLoss = new Image[poses.length];
            for (int p = 0; p < poses.length; p++) {
                int k = call.get(p);
                drr[k] = rendered[p];
                dLoss[p] = similarityAndGradient(cases.get(jobs.get(k).c()), jobs.get(k), rendered[p], value, k);
            }
            double[][] g = lin.vjp(dLoss);
            for (int p = 0; p < poses.length; p++) grad[call.get(p)] = g[p];
        }
        return collect(cases, jobs, value, drr, grad, image, crossImage);
    }

    /** S of job k into value[k]; returns ∂(w·(1 − S))/∂DRR with the job's term weight w. */
    private Image similarityAndGradient(List<CaseView> views, Job job, Image drr, double[] value, int k) {
        CaseView vj = views.get(job.j());
        float[] g = new float[drr.data().length];
        double s = similarity.evaluate(vj.image(), drr, vj.mask(), g);
        String what = job.from() < 0 ? "image term, view " + vj.name()
                : "cross-view image term, view " + vj.name() + " from view " + views.get(job.from()).name();
        Checks.finite(what, s);
        value[k] = s;
        float fw = (float) -weight(views.size(), job); // ∂(w·(1 − S))/∂DRR
        for (int i = 0; i < g.length; i++) g[i] *= fw;
        return new Image(drr.cols(), drr.rows(), g);
    }

    private static double weight(int n, Job job) {
        return job.from() < 0 ? 1.0 / n : 1.0 / (n * (n - 1));
    }

    /** Sums the jobs into each case's terms, in job order. */
    private static Result[] collect(List<List<CaseView>> cases, List<Job> jobs, double[] value, Image[] drr, double[][] grad, boolean image,
            boolean crossImage) {
        int cn = cases.size();
        double[] vImage = new double[cn], vCross = new double[cn];
        double[][][] gImage = new double[cn][][], gCross = new double[cn][][];
        Image[][] rendered = new Image[cn][];
        for (int c = 0; c < cn; c++) {
            int n = cases.get(c).size();
            gImage[c] = new double[n][6];
            gCross[c] = new double[n][6];
            rendered[c] = image ? new Image[n] : null;
        }
        for (int k = 0; k < jobs.size(); k++) {
            Job job = jobs.get(k);
            int c = job.c();
            double w = weight(cases.get(c).size(), job);
            if (job.from() < 0) {
                vImage[c] += w * (1 - value[k]);
                rendered[c][job.j()] = drr[k];
                add(gImage[c][job.j()], grad[k]);
            } else {
                vCross[c] += w * (1 - value[k]);
                add(gCross[c][job.from()], Se3Tangents.adjointTranspose(job.backToI(), grad[k]));
            }
        }
        Result[] out = new Result[cn];
        for (int c = 0; c < cn; c++) {
            out[c] = new Result(image ? new TermValue(vImage[c], gImage[c]) : null, crossImage ? new TermValue(vCross[c], gCross[c]) : null, rendered[c]);
        }
        return out;
    }

    private static void add(double[] acc, double[] g) {
        for (int k = 0; k < 6; k++) acc[k] += g[k];
    }
}

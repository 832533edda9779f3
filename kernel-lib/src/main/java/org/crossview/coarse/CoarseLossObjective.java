package org.crossview.coarse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;
import org.crossview.loss.CoarseLoss;
import org.crossview.loss.ImageSimilarity;
import org.crossview.loss.PoseDistance;
import org.crossview.loss.PoseDistances;
import org.crossview.loss.Similarities;
import org.crossview.render.Renderer;

/**
 * The coarse training loss of a batch: the loss package's {@link CoarseLoss} (pose, image, cross-view
 * pose, cross-view image; DESIGN.md §4) on every case, averaged over the cases. A case's views carry
 * their clean DRRs as images and their known C-arm transforms relative to the case's first view.
 *
 * <p>By default the renderer gets one render and one VJP call per view (2–3 poses each); {@link #batched()}
 * sends the DRRs and VJPs of the whole batch in one call each ({@link CoarseLoss#evaluateAll}). Both give the
 * same results. On a 2-core CPU (Java or PoCL back end) the batched calls measured no faster, and slower while
 * the machine was loaded ({@code crossview bench train --paths after,after-batched}); a GPU, which 2–3 poses
 * of 64² leave mostly idle, is where fewer, larger calls should pay.
 *
 * <p>{@link #binned(int)} compares the images at the network's camera binned by a factor (targets averaged in
 * blocks, DRRs rendered at the binned camera, {@link Camera#binned}): a factor b costs b² fewer rays in the loss's
 * renders and VJPs, the largest share of a training step, for an image term that sees only coarser structure,
 * which is all a pose error of the coarse stage's size needs.
 */
public final class CoarseLossObjective implements CoarseObjective {
    public static final String POSE = "pose", IMAGE = "image", CROSS_POSE = "xpose", CROSS_IMAGE = "ximage";

    private final LossWeights weights;
    private final CoarseLoss loss;
    private final Renderer renderer;
    private final PoseDistance distance;
    private final ImageSimilarity similarity;
    private final String description;
    private final boolean batched;
    private final int binning;

    public CoarseLossObjective(LossWeights weights, Renderer renderer, PoseDistance distance, ImageSimilarity similarity) {
        this(weights, renderer, distance, similarity, false, 1);
    }

    private CoarseLossObjective(LossWeights weights, Renderer renderer, PoseDistance distance, ImageSimilarity similarity, boolean batched, int binning) {
        if (binning < 1) throw new IllegalArgumentException("loss image binning: must be ≥ 1, got " + binning);
        this.weights = weights;
        this.batched = batched;
        this.binning = binning;
        this.loss = new CoarseLoss(renderer, new CoarseLoss.Weights(weights.pose(), weights.image(), weights.crossPose(), weights.crossImage()),
                distance, similarity);
        this.description = "pose " + distance.name() + ", image 1 − " + similarity.name() + (binning > 1 ? " on images binned " + binning + "×" : "");
        this.distance = distance;
        this.similarity = similarity;
        this.renderer = renderer;
    }

    /** The same loss, with one render and one VJP call for the whole batch. */
    public CoarseLossObjective batched() {
        return new CoarseLossObjective(weights, renderer, distance, similarity, true, binning);
    }

    /** The same loss with the image terms on the network's images binned by {@code factor} (1: as they are). */
    public CoarseLossObjective binned(int factor) {
        return new CoarseLossObjective(weights, renderer, distance, similarity, batched, factor);
    }

    public int binning() {
        return binning;
    }

    /**
     * By names: pose distance "points" ({@link PointPoseDistance} about the isocentre) or one of the loss
     * package's (geodesic, translation, double-geodesic, log-se3); similarity as {@link Similarities#byName}.
     */
    public static CoarseLossObjective of(LossWeights weights, Renderer renderer, String poseDistance, String similarity, double[] isocentreLps,
            double sourceToDetectorMm) {
        PoseDistance d = poseDistance.equals("points") ? PointPoseDistance.aboutIsocentre(isocentreLps)
                : PoseDistances.byName(poseDistance, sourceToDetectorMm);
        boolean images = weights.image() > 0 || weights.crossImage() > 0;
        return new CoarseLossObjective(weights, images ? renderer : null, d, Similarities.byName(similarity));
    }

    @Override
    public LossWeights weights() {
        return weights;
    }

    public String describe() {
        return description;
    }

    @Override
    public Evaluation evaluate(SyntheticBatch batch, Rigid[] predicted) {
        int n = batch.size(), views = batch.views(), cases = batch.cases();
        if (predicted.length != n) throw new IllegalArgumentException("predicted poses: expected " + n + ", got " + predicted.length);
        double[][] grad = new double[n][];
        double total = 0, pose = 0, image = 0, crossPose = 0, crossImage = 0;
        List<List<CaseView>> caseViews = new ArrayList<>(cases);
        List<Rigid[]> pred = new ArrayList<>(cases), truth = new ArrayList<>(cases);
        Camera camera = binning > 1 ? batch.camera().binned(binning) : batch.camera();
        for (int c = 0; c < cases; c++) {
            List<CaseView> cv = new ArrayList<>(views);
            Rigid[] p = new Rigid[views], t = new Rigid[views];
            for (int v = 0; v < views; v++) {
                int i = batch.index(c, v);
                Image target = binning > 1 ? NetworkInput.bin(batch.target(i), binning) : batch.target(i);
                cv.add(new CaseView("case" + c + "/view" + v, camera, target, null, batch.camIFromCamJ(c, 0, v)));
                p[v] = predicted[i];
                t[v] = batch.trueVolFromCam(i);
            }
            caseViews.add(cv);
            pred.add(p);
            truth.add(t);
        }
        CoarseLoss.Result[] results;
        if (batched) {
            results = loss.evaluateAll(caseViews, pred, truth);
        } else {
            results = new CoarseLoss.Result[cases];
            for (int c = 0; c < cases; c++) results[c] = loss.evaluate(caseViews.get(c), pred.get(c), truth.get(c));
        }
        for (int c = 0; c < cases; c++) {
            CoarseLoss.Result r = results[c];
            total += r.total() / cases;
            pose += r.pose() / cases;
            image += r.image() / cases;
            crossPose += r.crossPose() / cases;
            crossImage += r.crossImage() / cases;
            for (int v = 0; v < views; v++) {
                double[] g = r.gradient()[v].clone();
                for (int k = 0; k < 6; k++) g[k] /= cases;
                grad[batch.index(c, v)] = g;
            }
        }
        Map<String, Double> terms = new LinkedHashMap<>();
        terms.put(POSE, pose);
        terms.put(IMAGE, image);
        terms.put(CROSS_POSE, views > 1 ? crossPose : Double.NaN);
        terms.put(CROSS_IMAGE, views > 1 ? crossImage : Double.NaN);
        return new Evaluation(total, terms, grad);
    }
}

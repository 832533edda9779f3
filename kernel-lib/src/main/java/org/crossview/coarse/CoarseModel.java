package org.crossview.coarse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained coarse network (model.zip from {@code crossview train}): observed images of known cameras in,
 * one volFromCam per image out. Images must be in the log domain (DRRs, or X-rays after −log(I/I0)) and
 * their camera must cover the same detector area as the camera the model was trained for (any pixel
 * count: images are resampled to the network's size, see {@link NetworkInput}).
 */
public final class CoarseModel {
    private final ComputationGraph net;
    private final CoarseModelInfo info;

    public CoarseModel(ComputationGraph net, CoarseModelInfo info) {
        this.net = net;
        this.info = info;
    }

    public static CoarseModel load(Path modelZip) throws IOException {
        Checkpoints.Loaded c = Checkpoints.load(modelZip);
        if (c.info() == null) throw new IOException(modelZip + ": no " + Checkpoints.MODEL_ENTRY + " entry (not written by crossview train?)");
        return new CoarseModel(c.network(), c.info());
    }

    public CoarseModelInfo info() { return info; }
    public ComputationGraph network() { return net; }

    /** The camera the network sees: the training camera (input size × input size). */
    public Camera camera() {
        return info.camera();
    }

    /** One pose per image (independently; inference mode, batch-norm running statistics). */
    public Rigid[] predict(Camera camera, Image... logImages) {
        double[][] y = positionsOrPose(outputs(camera, logImages));
        Rigid[] out = new Rigid[y.length];
        java.util.Optional<KeypointHead> head = info.keypointHead();
        for (int i = 0; i < y.length; i++) out[i] = head.isPresent() ? head.get().solve(y[i]) : info.parameterisation().volFromCam(y[i]);
        return out;
    }

    /**
     * Poses for the views of one case whose relative geometry is known (cam0FromCamV: view 0 ← view v, identity for
     * view 0): a keypoint model fits one pose to every view's keypoints at once ({@link KeypointHead#solve(double[][],
     * Rigid[])}); a pose model averages its per-view predictions ({@link #consensus}).
     */
    public Rigid[] predictConsistent(Camera camera, Image[] logImages, Rigid[] cam0FromCamV) {
        return predictConsistent(camera, logImages, cam0FromCamV, null);
    }

    /** The same; a keypoint model also uses view 0's nominal pose when known ({@link KeypointHead#solve(double[][], Rigid[], Rigid)}; null: unknown). */
    public Rigid[] predictConsistent(Camera camera, Image[] logImages, Rigid[] cam0FromCamV, Rigid nominalVolFromCam0) {
        if (cam0FromCamV.length != logImages.length) throw new IllegalArgumentException("cam0FromCamV: one transform per image expected");
        java.util.Optional<KeypointHead> head = info.keypointHead();
        if (head.isPresent()) return head.get().solve(positionsOrPose(outputs(camera, logImages)), cam0FromCamV, nominalVolFromCam0);
        return consensus(predict(camera, logImages), cam0FromCamV);
    }

    /** A heatmap head's raw scores read out as keypoint positions ({@link SoftArgmax}); other heads' outputs as they are. */
    double[][] positionsOrPose(double[][] raw) {
        return info.net().softArgmax().map(r -> java.util.Arrays.stream(raw).map(r::decode).toArray(double[][]::new)).orElse(raw);
    }

    /** The network's raw outputs, one row per image. */
    public double[][] outputs(Camera camera, Image... logImages) {
        requireSameDetector(camera);
        int s = info.net().inputSize();
        float[] all = new float[logImages.length * s * s];
        for (int i = 0; i < logImages.length; i++) {
            Image im = logImages[i].requireSize("image " + i, camera.cols(), camera.rows()).requireFinite("image " + i);
            System.arraycopy(NetworkInput.prepare(im, s), 0, all, i * s * s, s * s);
        }
        DataType type = net.params().dataType();
        INDArray x = Nd4j.create(all, new long[] {logImages.length, 1, s, s}, 'c').castTo(type);
        return CoarseTrainer.toRows(net.output(false, x)[0]);
    }

    /**
     * How far a pose the network gave (volFromCam of the image as the network saw it) lies outside the poses it
     * was trained on ({@link TrainingSupport#extent}: ≤ 1 inside); NaN for models that do not record their sampling.
     */
    public double extent(Rigid volFromCamAsSeen) {
        return info.support().map(s -> s.extent(info.parameterisation().relativeOf(volFromCamAsSeen))).orElse(Double.NaN);
    }

    /** The multi-view consensus of per-view predictions (a pose model's {@link #predictConsistent}): each view's prediction implies a
     * pose of view 0 (T̂_v·C_v⁻¹ with C_v = cam0 ← camV), these are averaged on SE(3) (mean of log(T_a⁻¹·T_v) about the
     * first, one step), and each view gets average·C_v. */
    public static Rigid[] consensus(Rigid[] volFromCamV, Rigid[] cam0FromCamV) {
        int n = volFromCamV.length;
        Rigid[] implied0 = new Rigid[n];
        for (int v = 0; v < n; v++) implied0[v] = volFromCamV[v].compose(cam0FromCamV[v].inverse());
        Rigid anchor = implied0[0];
        double[] mean = new double[6];
        for (int v = 0; v < n; v++) {
            double[] d = anchor.inverse().compose(implied0[v]).log();
            for (int a = 0; a < 6; a++) mean[a] += d[a] / n;
        }
        Rigid avg0 = anchor.perturbRight(mean);
        Rigid[] out = new Rigid[n];
        for (int v = 0; v < n; v++) out[v] = avg0.compose(cam0FromCamV[v]);
        return out;
    }

    private void requireSameDetector(Camera c) {
        Camera t = info.camera();
        Camera r = c.resized(t.cols(), t.rows());
        double tol = 1e-3;
        if (Math.abs(r.fx() / t.fx() - 1) > tol || Math.abs(r.fy() / t.fy() - 1) > tol || Math.abs(r.cx() - t.cx()) > 0.05 || Math.abs(r.cy() - t.cy()) > 0.05
                || Math.abs(c.sourceToDetectorMm() - t.sourceToDetectorMm()) > 0.5) {
            throw new IllegalArgumentException("camera: " + c + " does not cover the detector the model was trained for (" + t
                    + " after resizing); crop/resample the images to that geometry first");
        }
    }

    /** A short description for logs. */
    public String describe() {
        Map<String, Object> m = info.toMap();
        String sd = info.keypointSd() == null ? "" : String.format(java.util.Locale.ROOT, ", keypoint error sd %s px (fresh synthetic views)",
                KeypointCalibration.describePx(info.keypointSd(), info.net().inputSize()));
        return "coarse model: " + info.net().describe() + ", trained " + info.steps() + " steps on " + info.source() + " (" + m.get("sampling") + "; domain randomisation " + info.domainRandomisation() + ")" + sd;
    }
}

package org.crossview.data;

import java.util.Arrays;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;

/**
 * Preprocessing as the field does it for DeepFluoro (DiffPose, xvr, Grupp et al.), in this order:
 * crop the border → log transform (Beer–Lambert, −log(I/I0)) → turn 180° where flagged → downsample →
 * normalise. Each step that moves pixels applies the same map to the camera (K and size), to the 2D
 * landmarks and, for the turn, to the pose, so projecting the CT's landmarks with the new camera and pose
 * still lands on the new landmarks.
 *
 * <p>The log comes before downsampling (as DiffPose and xvr do: they resize log images); binning then
 * averages line integrals.
 */
public final class Preprocess {
    private Preprocess() {}

    public enum Normalisation {
        NONE,
        /** To [0, 1]. */
        MIN_MAX,
        /** Zero mean, unit standard deviation. */
        Z_SCORE
    }

    /**
     * @param cropPx      pixels removed from every border (stored resolution)
     * @param logTransform apply −log(I/I0)
     * @param i0          the unattenuated intensity; NaN = {@link #estimateI0 estimate} from the brightest pixels
     * @param turnUp      turn views flagged {@code rot-180-for-up}
     * @param binFactor   average binFactor × binFactor blocks (1 = none)
     * @param size        after binning, resample to size × size by area averaging (0 = keep)
     */
    public record Settings(int cropPx, boolean logTransform, double i0, boolean turnUp, int binFactor, int size, Normalisation normalisation) {
        public Settings {
            if (cropPx < 0) throw new IllegalArgumentException("cropPx: must be ≥ 0, got " + cropPx);
            if (binFactor < 1) throw new IllegalArgumentException("binFactor: must be ≥ 1, got " + binFactor);
            if (size < 0) throw new IllegalArgumentException("size: must be ≥ 0, got " + size);
            if (!Double.isNaN(i0) && !(i0 > 0)) throw new IllegalArgumentException("i0: must be positive (or NaN to estimate), got " + i0);
        }

        /**
         * The common DeepFluoro recipe for a camera of the given pixel size: a 50-pixel border at the full
         * 0.194 mm resolution (scaled to this camera), log with estimated I0, turn up, bin 8× at full resolution
         * (less for already binned files: down to ~1.552 mm pixels), min–max normalisation.
         */
        public static Settings deepFluoro(Camera stored) {
            double ps = stored.pixelColSpacingMm();
            int crop = (int) Math.round(50 * 0.194 / ps);
            int bin = Math.max(1, (int) Math.round(1.552 / ps));
            return new Settings(crop, true, Double.NaN, true, bin, 0, Normalisation.MIN_MAX);
        }

        public Settings withSize(int newSize) { return new Settings(cropPx, logTransform, i0, turnUp, binFactor, newSize, normalisation); }
        public Settings withBin(int factor) { return new Settings(cropPx, logTransform, i0, turnUp, factor, size, normalisation); }
        public Settings withCrop(int px) { return new Settings(px, logTransform, i0, turnUp, binFactor, size, normalisation); }
        public Settings withI0(double value) { return new Settings(cropPx, logTransform, value, turnUp, binFactor, size, normalisation); }
        public Settings withNormalisation(Normalisation n) { return new Settings(cropPx, logTransform, i0, turnUp, binFactor, size, n); }
        public Settings withTurnUp(boolean turn) { return new Settings(cropPx, logTransform, i0, turn, binFactor, size, normalisation); }
    }

    /** All steps of {@code s} in order. */
    public static XrayView apply(XrayView raw, Settings s) {
        XrayView v = crop(raw, s.cropPx());
        if (s.logTransform()) v = logTransform(v, Double.isNaN(s.i0()) ? estimateI0(v.image()) : s.i0());
        if (s.turnUp() && v.rot180ForUp()) v = turn180(v);
        if (s.binFactor() > 1) v = bin(v, s.binFactor());
        if (s.size() > 0) v = resize(v, s.size(), s.size());
        return normalise(v, s.normalisation());
    }

    /** Removes {@code px} pixels from each border. */
    public static XrayView crop(XrayView v, int px) {
        if (px == 0) return v;
        Camera c = v.camera();
        int cols = c.cols() - 2 * px, rows = c.rows() - 2 * px;
        if (cols <= 0 || rows <= 0) throw new IllegalArgumentException(v.name() + ": crop of " + px + " px leaves nothing of " + c.cols() + "x" + c.rows());
        Image in = v.image();
        float[] out = new float[cols * rows];
        for (int r = 0; r < rows; r++) System.arraycopy(in.data(), (r + px) * in.cols() + px, out, r * cols, cols);
        return v.remap(new Image(cols, rows, out), c.cropped(px, px, cols, rows), v.volFromCam(), uv -> new double[] {uv[0] - px, uv[1] - px}, v.rot180ForUp());
    }

    /**
     * A robust unattenuated intensity: the median of the brightest 1 % of pixels (air behind no patient), so a
     * few hot pixels do not set it.
     */
    public static double estimateI0(Image raw) {
        float[] d = raw.data().clone();
        Arrays.sort(d);
        int n = d.length;
        int from = Math.min(n - 1, (int) Math.floor(n * 0.99));
        double i0 = d[from + (n - from) / 2];
        if (!(i0 > 0)) throw new IllegalArgumentException("I0: the brightest pixels are not positive (" + i0 + "); is the image already log-transformed?");
        return i0;
    }

    /** Beer–Lambert: −log(I/I0), with I clamped at I0·1e−6 so dead pixels stay finite. */
    public static XrayView logTransform(XrayView v, double i0) {
        float[] in = v.image().data();
        float[] out = new float[in.length];
        double floor = i0 * 1e-6;
        for (int i = 0; i < in.length; i++) out[i] = (float) -Math.log(Math.max(in[i], floor) / i0);
        return v.withImage(new Image(v.image().cols(), v.image().rows(), out));
    }

    /**
     * Turns the image 180°: pixel (u, v) → (cols−1−u, rows−1−v). The camera's principal point maps the same way,
     * and the pose composes a 180° rotation about the camera z axis (X_cam' = Rz(π)·X_cam).
     */
    public static XrayView turn180(XrayView v) {
        Image in = v.image();
        float[] src = in.data();
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i++) out[src.length - 1 - i] = src[i];
        Camera c = v.camera();
        int cols = c.cols(), rows = c.rows();
        Camera turned = new Camera(cols, rows, c.fx(), c.fy(), cols - 1 - c.cx(), rows - 1 - c.cy(), c.sourceToDetectorMm());
        Rigid pose = v.volFromCam() == null ? null : v.volFromCam().compose(DeepFluoroGeometry.rot180AboutCamZ());
        return v.remap(new Image(cols, rows, out), turned, pose, uv -> new double[] {cols - 1 - uv[0], rows - 1 - uv[1]}, !v.rot180ForUp());
    }

    /** Averages b×b blocks (a remainder at the right/bottom is dropped): u' = (u − (b−1)/2)/b. */
    public static XrayView bin(XrayView v, int b) {
        Image in = v.image();
        int cols = in.cols() / b, rows = in.rows() / b;
        if (cols == 0 || rows == 0) throw new IllegalArgumentException(v.name() + ": binning " + in.cols() + "x" + in.rows() + " by " + b + " leaves nothing");
        float[] out = new float[cols * rows];
        float[] d = in.data();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double s = 0;
                for (int y = 0; y < b; y++) {
                    int row = (r * b + y) * in.cols() + c * b;
                    for (int x = 0; x < b; x++) s += d[row + x];
                }
                out[r * cols + c] = (float) (s / (b * b));
            }
        }
        return v.remap(new Image(cols, rows, out), v.camera().binned(b), v.volFromCam(),
                uv -> new double[] {Camera.binnedCoordinate(uv[0], b), Camera.binnedCoordinate(uv[1], b)}, v.rot180ForUp());
    }

    /** Area-averaging resample to cols×rows over the same detector area: u' = (u + 0.5)·s − 0.5. */
    public static XrayView resize(XrayView v, int cols, int rows) {
        Image in = v.image();
        if (cols == in.cols() && rows == in.rows()) return v;
        Image out = resizeImage(in, cols, rows);
        double sx = (double) cols / in.cols(), sy = (double) rows / in.rows();
        return v.remap(out, v.camera().resized(cols, rows), v.volFromCam(), uv -> new double[] {(uv[0] + 0.5) * sx - 0.5, (uv[1] + 0.5) * sy - 0.5}, v.rot180ForUp());
    }

    /** Separable box-integration resampling (exact area weights, also correct when enlarging). */
    static Image resizeImage(Image in, int cols, int rows) {
        float[] horizontal = resample1d(in.data(), in.cols(), in.rows(), cols, true);
        float[] both = resample1d(horizontal, cols, in.rows(), rows, false);
        return new Image(cols, rows, both);
    }

    /** Resamples along x (alongX) or y of a w×h array to n samples along that axis. */
    private static float[] resample1d(float[] d, int w, int h, int n, boolean alongX) {
        int len = alongX ? w : h;
        int other = alongX ? h : w;
        float[] out = alongX ? new float[n * h] : new float[w * n];
        double scale = (double) len / n; // source pixels per output pixel
        for (int o = 0; o < n; o++) {
            double a = o * scale, b = (o + 1) * scale; // output pixel's extent in source pixel-edge coordinates
            int i0 = (int) Math.floor(a), i1 = Math.min(len - 1, (int) Math.ceil(b) - 1);
            for (int q = 0; q < other; q++) {
                double s = 0;
                for (int i = i0; i <= i1; i++) {
                    double wgt = Math.min(b, i + 1) - Math.max(a, i);
                    if (wgt <= 0) continue;
                    s += wgt * (alongX ? d[q * w + i] : d[i * w + q]);
                }
                if (alongX) out[q * n + o] = (float) (s / scale);
                else out[o * w + q] = (float) (s / scale);
            }
        }
        return out;
    }

    public static XrayView normalise(XrayView v, Normalisation n) {
        if (n == Normalisation.NONE) return v;
        float[] d = v.image().data();
        float[] out = new float[d.length];
        if (n == Normalisation.MIN_MAX) {
            float lo = v.image().min(), hi = v.image().max();
            float range = hi > lo ? hi - lo : 1;
            for (int i = 0; i < d.length; i++) out[i] = (d[i] - lo) / range;
        } else {
            double mean = v.image().mean(), var = 0;
            for (float x : d) var += (x - mean) * (x - mean);
            double sd = Math.sqrt(var / d.length);
            if (sd == 0) sd = 1;
            for (int i = 0; i < d.length; i++) out[i] = (float) ((d[i] - mean) / sd);
        }
        return v.withImage(new Image(v.image().cols(), v.image().rows(), out));
    }
}

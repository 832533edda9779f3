package org.crossview.geometry;

/**
 * A pinhole X-ray camera in DeepFluoro's projective convention (DESIGN.md §2): origin at the source,
 * +x along image columns, +y along rows, +z from the detector towards the source, detector plane at
 * z = −sourceToDetectorMm. Intrinsics K = [[fx, 0, cx], [0, fy, cy], [0, 0, 1]] with fx, fy negative
 * (fx = −f/pixelColSpacingMm). Pixel (u, v) = (column, row); index 0 is the centre of the first pixel.
 */
public final class Camera {
    private final int cols;
    private final int rows;
    private final double fx;
    private final double fy;
    private final double cx;
    private final double cy;
    private final double sourceToDetectorMm;

    public Camera(int cols, int rows, double fx, double fy, double cx, double cy, double sourceToDetectorMm) {
        if (cols <= 0 || rows <= 0) throw new IllegalArgumentException("camera: image size must be positive, got " + cols + "x" + rows);
        if (!(sourceToDetectorMm > 0) || !Double.isFinite(sourceToDetectorMm)) {
            throw new IllegalArgumentException("sourceToDetectorMm: must be positive and finite, got " + sourceToDetectorMm);
        }
        if (!(fx < 0) || !(fy < 0) || !Double.isFinite(fx) || !Double.isFinite(fy)) {
            throw new IllegalArgumentException("K: focal lengths must be negative and finite in DeepFluoro's convention, got fx=" + fx + ", fy=" + fy);
        }
        if (!Double.isFinite(cx) || !Double.isFinite(cy)) throw new IllegalArgumentException("K: principal point must be finite");
        this.cols = cols;
        this.rows = rows;
        this.fx = fx;
        this.fy = fy;
        this.cx = cx;
        this.cy = cy;
        this.sourceToDetectorMm = sourceToDetectorMm;
    }

    /** A centred detector: {@code cols×rows} pixels of the given spacing at distance {@code sourceToDetectorMm}. */
    public static Camera centred(int cols, int rows, double pixelColSpacingMm, double pixelRowSpacingMm, double sourceToDetectorMm) {
        if (!(pixelColSpacingMm > 0) || !(pixelRowSpacingMm > 0)) {
            throw new IllegalArgumentException("pixel spacing: must be positive, got " + pixelColSpacingMm + " x " + pixelRowSpacingMm + " mm");
        }
        return new Camera(cols, rows, -sourceToDetectorMm / pixelColSpacingMm, -sourceToDetectorMm / pixelRowSpacingMm,
                (cols - 1) / 2.0, (rows - 1) / 2.0, sourceToDetectorMm);
    }

    /** DeepFluoro's full-resolution detector: 1536×1536 pixels of 0.194 mm, 1020 mm source to detector. */
    public static Camera deepFluoroFullRes() {
        return centred(1536, 1536, 0.194, 0.194, 1020);
    }

    /** From a row-major 3x3 K (as stored in DeepFluoro's proj-params/intrinsic). */
    public static Camera fromIntrinsic(double[] kRowMajor, int cols, int rows, double sourceToDetectorMm) {
        return new Camera(cols, rows, kRowMajor[0], kRowMajor[4], kRowMajor[2], kRowMajor[5], sourceToDetectorMm);
    }

    public int cols() { return cols; }
    public int rows() { return rows; }
    public double fx() { return fx; }
    public double fy() { return fy; }
    public double cx() { return cx; }
    public double cy() { return cy; }
    public double sourceToDetectorMm() { return sourceToDetectorMm; }
    public double pixelColSpacingMm() { return -sourceToDetectorMm / fx; }
    public double pixelRowSpacingMm() { return -sourceToDetectorMm / fy; }

    /** Row-major 3x3 K. */
    public double[] intrinsic() {
        return new double[] {fx, 0, cx, 0, fy, cy, 0, 0, 1};
    }

    /** Pixel (u, v) of a camera-frame point; NaN when the point is not in front of the source (z ≥ 0). */
    public double[] project(double[] xCam) {
        double w = xCam[2];
        if (!(w < 0)) return new double[] {Double.NaN, Double.NaN};
        return new double[] {(fx * xCam[0] + cx * w) / w, (fy * xCam[1] + cy * w) / w};
    }

    /** The detector point of pixel (u, v) in the camera frame: −f·K⁻¹(u, v, 1). */
    public double[] detectorPoint(double u, double v) {
        double f = sourceToDetectorMm;
        return new double[] {-f * (u - cx) / fx, -f * (v - cy) / fy, -f};
    }

    /** Whether pixel (u, v) lies on the detector (pixel centres from 0 to n−1, edges half a pixel beyond). */
    public boolean contains(double u, double v) {
        return u >= -0.5 && u <= cols - 0.5 && v >= -0.5 && v <= rows - 0.5;
    }

    /**
     * Binning by {@code factor} (pixels averaged in factor×factor blocks, any remainder dropped):
     * u' = (u − (b−1)/2)/b, so K scales by 1/b and the principal point moves accordingly.
     */
    public Camera binned(int factor) {
        if (factor < 1) throw new IllegalArgumentException("binning factor: must be ≥ 1, got " + factor);
        double b = factor;
        return new Camera(cols / factor, rows / factor, fx / b, fy / b, (cx - (b - 1) / 2) / b, (cy - (b - 1) / 2) / b, sourceToDetectorMm);
    }

    /** Map a pixel of this camera to the binned camera: u' = (u − (b−1)/2)/b. */
    public static double binnedCoordinate(double u, int factor) {
        return (u - (factor - 1) / 2.0) / factor;
    }

    /** Resampling to an arbitrary size over the same detector area (scale s = newCols/cols). */
    public Camera resized(int newCols, int newRows) {
        double sx = (double) newCols / cols, sy = (double) newRows / rows;
        return new Camera(newCols, newRows, fx * sx, fy * sy, (cx + 0.5) * sx - 0.5, (cy + 0.5) * sy - 0.5, sourceToDetectorMm);
    }

    /** Cropping: keep columns [col0, col0+newCols) and rows [row0, row0+newRows). */
    public Camera cropped(int col0, int row0, int newCols, int newRows) {
        if (col0 < 0 || row0 < 0 || col0 + newCols > cols || row0 + newRows > rows) {
            throw new IllegalArgumentException("crop: window (" + col0 + "," + row0 + ") " + newCols + "x" + newRows + " outside " + cols + "x" + rows);
        }
        return new Camera(newCols, newRows, fx, fy, cx - col0, cy - row0, sourceToDetectorMm);
    }

    @Override
    public String toString() {
        return String.format("Camera[%dx%d, fx=%.4f, fy=%.4f, cx=%.3f, cy=%.3f, sdd=%.1f mm]", cols, rows, fx, fy, cx, cy, sourceToDetectorMm);
    }
}

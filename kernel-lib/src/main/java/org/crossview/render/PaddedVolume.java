package org.crossview.render;

import org.crossview.geometry.Rigid;
import org.crossview.volume.Volume;

/**
 * An attenuation volume laid out for branch-free trilinear sampling: the voxels surrounded by
 * {@link #PAD} layers of zeros, so that μ is exactly 0 outside the volume and every sample inside the
 * clipping box reads valid memory without index checks (DESIGN.md §3: "pad one voxel of air").
 *
 * <p>Coordinates here are <em>padded index</em> coordinates: voxel (i, j, k) of the original volume sits
 * at (i + PAD, j + PAD, k + PAD), and data index = x + sx·(y + sy·z). Trilinear μ is non-zero only on the
 * open box (PAD − 1, n + PAD) per axis ({@link #supportLo}/{@link #supportHi}); two layers of padding
 * leave a margin of a whole voxel around that box for float rounding at the ray ends.
 *
 * <p>Public so that other back ends (OpenCL) can upload the very same layout.
 */
public final class PaddedVolume {
    /** Zero layers on each side. */
    public static final int PAD = 2;

    private final int nx, ny, nz; // original size
    private final int sx, sy, sz; // padded size
    private final float[] data;
    private final double[] lpsToIndex; // row-major 3x4: LPS mm → original continuous index
    private final double maxAbs;

    public PaddedVolume(Volume mu) {
        this(mu, true);
    }

    /** The geometry of the padded grid (sizes, affine, support box) without a copy of the voxels. */
    public static PaddedVolume geometryOf(Volume mu) {
        return new PaddedVolume(mu, false);
    }

    private PaddedVolume(Volume mu, boolean withData) {
        this.nx = mu.nx();
        this.ny = mu.ny();
        this.nz = mu.nz();
        this.sx = nx + 2 * PAD;
        this.sy = ny + 2 * PAD;
        this.sz = nz + 2 * PAD;
        long n = (long) sx * sy * sz;
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("mu: volume too large to pad (" + mu + ")");
        this.data = withData ? new float[(int) n] : null;
        float[] src = mu.data();
        double m = 0;
        for (int k = 0; k < nz && withData; k++) {
            for (int j = 0; j < ny; j++) {
                int from = nx * (j + ny * k);
                int to = PAD + sx * ((j + PAD) + sy * (k + PAD));
                for (int i = 0; i < nx; i++) {
                    float x = src[from + i];
                    // Subnormal μ (< 1.2e-38 /mm) is physically 0 and makes float arithmetic ~100× slower.
                    data[to + i] = Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
                    m = Math.max(m, Math.abs(x));
                }
            }
        }
        if (!withData) {
            for (float x : src) m = Math.max(m, Math.abs(x));
        }
        this.maxAbs = m;
        this.lpsToIndex = mu.lpsToIndexAffine();
    }

    public float[] data() {
        if (data == null) throw new IllegalStateException("this PaddedVolume holds the grid's geometry only");
        return data;
    }
    public int sizeX() { return sx; }
    public int sizeY() { return sy; }
    public int sizeZ() { return sz; }
    public int originalX() { return nx; }
    public int originalY() { return ny; }
    public int originalZ() { return nz; }
    /** Largest |μ| (for reports and tolerances). */
    public double maxAbs() { return maxAbs; }

    /** Lower corner of the box outside which μ is exactly 0, per axis, in padded index coordinates. */
    public double supportLo(int axis) {
        return PAD - 1;
    }

    /** Upper corner of that box. */
    public double supportHi(int axis) {
        return (axis == 0 ? nx : axis == 1 ? ny : nz) + PAD;
    }

    /**
     * The affine map camera frame (mm) → padded index coordinates for one pose, row-major 3x4:
     * q = M·p + m with M = A·R and m = A·t + a + PAD, where (A, a) = volume.lpsToIndexAffine() and
     * (R, t) = volFromCam. Rows of M are how a camera-frame step moves each index.
     */
    public double[] cameraToIndex(Rigid volFromCam) {
        double[] a = lpsToIndex;
        double[] t = volFromCam.toArray();
        double[] out = new double[12];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                double s = a[r * 4] * t[c] + a[r * 4 + 1] * t[4 + c] + a[r * 4 + 2] * t[8 + c];
                out[r * 4 + c] = c == 3 ? s + a[r * 4 + 3] + PAD : s;
            }
        }
        return out;
    }

    /**
     * Whether the X-ray source (camera origin) lies inside the volume's box (voxel edges, ±½ voxel
     * around the first and last centres), for the pose whose {@link #cameraToIndex} is {@code m}.
     */
    public boolean sourceInside(double[] m) {
        double[] q = {m[3] - PAD, m[7] - PAD, m[11] - PAD};
        int[] n = {nx, ny, nz};
        for (int a = 0; a < 3; a++) {
            if (!(q[a] > -0.5 && q[a] < n[a] - 0.5)) return false;
        }
        return true;
    }
}

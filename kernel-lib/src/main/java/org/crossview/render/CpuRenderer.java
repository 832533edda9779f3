package org.crossview.render;

import java.util.stream.IntStream;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;

/**
 * Multi-threaded Java back end of {@link Renderer}: trilinear ray marching with samples at fixed
 * distances t_k = k·Δ from the source (DESIGN.md §3), and its exact pose gradient. With {@link Projector#JOSEPH}
 * in the settings, the samples lie on the voxel planes instead ({@link JosephLoops}; the rays of a tile in packets over
 * the CPU's vector lanes, {@link JosephPackets}, where this JVM can: the same numbers); skipping and the work split below
 * are shared.
 *
 * <p>The voxels are stored in the projector's format ({@link VoxelFormat#of}) and layout: floats in bricks
 * ({@link BrickedVolume}) for the trilinear loops, 16-bit codes in pencils along the ray's plane axis
 * ({@link PencilVolume}) for Joseph's (which interpolate the codes and scale the ray's sums once). Per ray, everything
 * is set up in double precision in padded index space (see
 * {@link PaddedVolume}; Joseph's from the image's {@link RayFan}, the part all rays of a DRR share, worked out once per
 * image): the ray's start and per-step increment, and its clip to the box outside which μ is exactly zero,
 * so the skipped samples contribute nothing to the value or the gradient. Empty-space skipping ({@link EmptySpace},
 * {@link BrickWalk}) then marches only the runs of samples in occupied bricks, within the tight box around the
 * non-zero voxels; the sample positions do not change and the left-out samples are exact zeros, so images and
 * gradients are the same floating-point numbers as without it.
 *
 * <p>The inner loops are branch-free and allocation-free; the corner offsets come from pair tables
 * ({@link BrickedVolume#pairsX}). The trilinear loops compute sample positions in float, x0 + j·dx, as the OpenCL kernels
 * do (their agreement tests compare the two to 1e-4 on gradients, which float rounding of positions already uses up on
 * sharp edges); Joseph's, which have no OpenCL twin, in 32-bit fixed point ({@link FixedQ}: an integer add per axis and
 * sample instead of a multiply, an add and a checked float → int conversion). The trilinear value sums in double;
 * the gradient, and Joseph's value, in float over blocks of 16 samples, then in double.
 *
 * <p>Gradient: with x_k = T·exp(ξ)·p_k and p_k = t_k·d, ∂I/∂v = Σ Δ·g_k and ∂I/∂ω = Σ Δ·p_k × g_k with
 * g_k = Rᵀ∇μ(x_k) = Mᵀ∇_qμ (M = A·R, the camera → index map). Since d and M are fixed per ray, the loop
 * only sums ∇_qμ and k·∇_qμ; the 3x3 products and the cross product happen once per ray.
 * {@link #linearise} runs these gradient loops alone, which yield the value too, and keeps each ray's six numbers: the
 * images and the later VJPs for 1.1–1.6× a forward pass (bench render, both projectors, one run), where {@link #render} then
 * {@link #poseGradient} walk every ray twice.
 *
 * <p>Work is split over image tiles ({@link Tiles}) of all poses and run on the common fork–join pool; partial
 * gradients are reduced in tile order, so results do not depend on the thread schedule.
 */
public final class CpuRenderer implements Renderer {
    /** Samples per float partial sum in the gradient loop. */
    private static final int GRADIENT_BLOCK = 16;

    private final PaddedVolume vol; // geometry only: the voxels live in bricks or pencils
    private final BrickedVolume bricks; // the trilinear projector's float voxels, else null
    private final PencilVolume pencils; // Joseph's 16-bit voxels, else null
    private final EmptySpace space; // null: march every sample in the support box
    private final double stepMm;
    private final Projector projector;
    private final boolean packets; // Joseph's rays in packets, one per vector lane (JosephPackets)
    private final double positionScale; // Joseph: codes per voxel of the sample positions (FixedQ)

    /**
     * Whether this JVM can run {@link JosephPackets}: the Vector API module is present (the launchers add it with
     * --add-modules jdk.incubator.vector), its vectors are wide enough, and the system property {@value #VECTOR_PROPERTY}
     * is not false (set it false to compare with the scalar loops).
     */
    public static final boolean VECTOR_LANES = vectorLanes();
    public static final String VECTOR_PROPERTY = "crossview.render.vector";

    private static boolean vectorLanes() {
        if (!Boolean.parseBoolean(System.getProperty(VECTOR_PROPERTY, "true"))) return false;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        try {
            return JosephPackets.worthwhile();
        } catch (LinkageError e) {
            return false;
        }
    }

    /** With empty-space skipping (the default: same values and gradients, fewer samples). */
    public CpuRenderer(Volume mu, RenderSettings settings) {
        this(mu, settings, true);
    }

    /**
     * {@code skipEmpty}: leave out the samples in empty bricks ({@link EmptySpace}). Off, every sample in the
     * support box is marched (the reference for tests and benchmarks); the images and gradients are the same
     * floating-point numbers either way. Joseph's 16-bit voxels need μ ≥ 0 (IllegalArgumentException naming mu).
     */
    public CpuRenderer(Volume mu, RenderSettings settings, boolean skipEmpty) {
        this(mu, settings, skipEmpty, true);
    }

    /**
     * {@code vectorLanes}: Joseph's rays in packets over vector lanes ({@link JosephPackets}) where this JVM can
     * ({@link #VECTOR_LANES}); false: one by one ({@link JosephLoops}). Both give the same floating-point numbers.
     */
    public CpuRenderer(Volume mu, RenderSettings settings, boolean skipEmpty, boolean vectorLanes) {
        this.vol = PaddedVolume.geometryOf(RenderInputs.attenuation(mu));
        RenderSettings rs = RenderInputs.settings(settings);
        boolean joseph = rs.projector() == Projector.JOSEPH;
        this.bricks = joseph ? null : new BrickedVolume(mu);
        this.pencils = joseph ? new PencilVolume(mu) : null;
        this.space = skipEmpty ? new EmptySpace(mu) : null;
        this.stepMm = rs.stepMm();
        this.projector = rs.projector();
        this.packets = joseph && vectorLanes && VECTOR_LANES;
        this.positionScale = joseph ? FixedQ.scale(pencils.positionBits()) : Double.NaN;
    }

    /**
     * "cpu" (trilinear samples at fixed distances), "joseph" (samples on the voxel planes, see {@link Projector}) or
     * "joseph-scalar" (the same, one ray at a time: no vector lanes here, or turned off).
     */
    @Override
    public String name() {
        return projector == Projector.TRILINEAR ? "cpu" : packets ? projector.label() : projector.label() + "-scalar";
    }

    /** How the voxels are stored: {@link VoxelFormat#of} the projector. */
    public VoxelFormat voxels() {
        return VoxelFormat.of(projector);
    }

    public Projector projector() {
        return projector;
    }

    /** Checks the camera: with the trilinear projector also that the step suits its rays (Joseph's step is the grid's). */
    private void checkCamera(Camera camera) {
        if (projector == Projector.TRILINEAR) RenderInputs.camera(camera, stepMm);
        else RenderInputs.camera(camera);
    }

    /** One ray's value, with the projector's loop. */
    private double value(Ray ray) {
        return projector == Projector.TRILINEAR ? forward(ray) : JosephLoops.forward(ray, pencils);
    }

    /**
     * One ray's ∂I/∂ξ into out[0..5] and its value, from one walk with the projector's gradient loop; the value is the
     * same floating-point number as {@link #value}'s.
     */
    private double valueAndGradient(Ray ray, double[] map, double[] out) {
        return projector == Projector.TRILINEAR ? gradient(ray, map, out) : JosephLoops.gradient(ray, map, pencils, out);
    }

    private boolean setUp(Ray ray, Camera camera, RayFan fan, int u, int v, double[] map) {
        return projector == Projector.JOSEPH ? ray.setUpJoseph(fan, u, v, space, positionScale) : ray.setUp(camera, u, v, map, vol, space, stepMm);
    }

    /** Each pose's {@link RayFan}: the per-image part of the rays' set-up. */
    private RayFan[] fans(Camera camera, double[][] maps) {
        RayFan[] fans = new RayFan[maps.length];
        for (int p = 0; p < maps.length; p++) fans[p] = new RayFan(camera, maps[p], vol);
        return fans;
    }

    public double stepMm() {
        return stepMm;
    }

    @Override
    public Image[] render(Camera camera, Rigid[] volFromCam) {
        checkCamera(camera);
        double[][] maps = RenderInputs.poses(volFromCam, vol);
        RayFan[] fans = fans(camera, maps);
        int cols = camera.cols(), rows = camera.rows();
        Image[] out = new Image[maps.length];
        for (int p = 0; p < maps.length; p++) out[p] = new Image(cols, rows);
        Tiles tiles = new Tiles(cols, rows);
        IntStream.range(0, maps.length * tiles.count).parallel().forEach(task -> {
            int p = task / tiles.count, t = task % tiles.count;
            float[] dst = out[p].data();
            tileRays(camera, fans[p], maps[p], tiles, t, false, null, (i, value, g) -> dst[i] = (float) value);
        });
        return out;
    }

    @Override
    public double[][] poseGradient(Camera camera, Rigid[] volFromCam, Image[] dLossdImage) {
        checkCamera(camera);
        double[][] maps = RenderInputs.poses(volFromCam, vol);
        RenderInputs.lossGradients(dLossdImage, camera, maps.length);
        RayFan[] fans = fans(camera, maps);
        int cols = camera.cols(), rows = camera.rows();
        Tiles tiles = new Tiles(cols, rows);
        return tileSums(maps.length, tiles, (p, t, acc) -> {
            float[] w = dLossdImage[p].data();
            tileRays(camera, fans[p], maps[p], tiles, t, true, w, (i, value, g) -> {
                for (int c = 0; c < 6; c++) acc[c] += w[i] * g[c];
            });
        });
    }

    /**
     * The DRRs and each pixel's ∂I/∂ξ from one walk of every ray (the gradient loop, which yields the value too), kept as
     * 6 doubles per pixel and pose; a {@link Linearisation#vjp} is then a weighted sum over those rows. Images and VJPs
     * are the same floating-point numbers as {@link #render} and {@link #poseGradient} give (the same per-ray numbers,
     * summed in the same order).
     */
    @Override
    public Linearisation linearise(Camera camera, Rigid[] volFromCam) {
        checkCamera(camera);
        double[][] maps = RenderInputs.poses(volFromCam, vol);
        RayFan[] fans = fans(camera, maps);
        int cols = camera.cols(), rows = camera.rows();
        Image[] images = new Image[maps.length];
        double[][] jacobians = new double[maps.length][];
        for (int p = 0; p < maps.length; p++) {
            images[p] = new Image(cols, rows);
            jacobians[p] = new double[6 * cols * rows];
        }
        Tiles tiles = new Tiles(cols, rows);
        IntStream.range(0, maps.length * tiles.count).parallel().forEach(task -> {
            int p = task / tiles.count, t = task % tiles.count;
            float[] dst = images[p].data();
            double[] jac = jacobians[p];
            tileRays(camera, fans[p], maps[p], tiles, t, true, null, (i, value, g) -> { // rays that miss: value and row stay 0
                dst[i] = (float) value;
                System.arraycopy(g, 0, jac, 6 * i, 6);
            });
        });
        return new StoredJacobians(camera, images, jacobians, tiles);
    }

    /** {@link #linearise}'s result: the images and the per-pixel Jacobian rows of each pose. */
    private static final class StoredJacobians implements Linearisation {
        private final Camera camera;
        private final Image[] images;
        private final double[][] jacobians; // [pose][6·pixel + c]
        private final Tiles tiles;

        StoredJacobians(Camera camera, Image[] images, double[][] jacobians, Tiles tiles) {
            this.camera = camera;
            this.images = images;
            this.jacobians = jacobians;
            this.tiles = tiles;
        }

        @Override
        public Image[] images() {
            return images;
        }

        /** Σ_u w(u)·row(u), pixel by pixel in {@link #poseGradient}'s order (same tiles, same skips), so the same sums. */
        @Override
        public double[][] vjp(Image[] dLossdImage) {
            RenderInputs.lossGradients(dLossdImage, camera, images.length);
            int cols = camera.cols(), rows = camera.rows();
            return tileSums(images.length, tiles, (p, t, acc) -> {
                float[] w = dLossdImage[p].data();
                double[] jac = jacobians[p];
                for (int v = tiles.v0(t); v < tiles.v1(t, rows); v++) {
                    for (int u = tiles.u0(t); u < tiles.u1(t, cols); u++) {
                        int i = v * cols + u;
                        float wu = w[i];
                        if (wu == 0f) continue;
                        for (int c = 0; c < 6; c++) acc[c] += wu * jac[6 * i + c];
                    }
                }
            });
        }
    }

    /** Receives one ray's result: its pixel index v·cols + u, its value and (in a gradient walk) its ∂I/∂ξ. */
    private interface PixelSink {
        void accept(int pixel, double value, double[] gradient);
    }

    /** Per thread: the rays of a tile and a gradient row, reused from tile to tile. */
    private static final ThreadLocal<TileScratch> SCRATCH = ThreadLocal.withInitial(TileScratch::new);

    private static final class TileScratch {
        Ray[] rays = new Ray[0];
        int[] pixels = new int[0];
        final double[] gradient = new double[6];

        Ray ray(int k) {
            if (k >= rays.length) {
                int n = Math.max(k + 1, 2 * rays.length);
                rays = java.util.Arrays.copyOf(rays, n);
                pixels = java.util.Arrays.copyOf(pixels, n);
            }
            if (rays[k] == null) rays[k] = new Ray();
            return rays[k];
        }
    }

    /**
     * Sets up the rays of tile t that hit the support box (of the pixels whose weight is non-zero, when {@code weights}
     * is given), evaluates each (its value, or with {@code gradient} its value and ∂I/∂ξ) and hands them to the sink in
     * pixel order: one by one, or Joseph's in packets ({@link JosephPackets}) of rays with the same plane axis and
     * direction. Either way each ray gets the same numbers.
     */
    private void tileRays(Camera camera, RayFan fan, double[] map, Tiles tiles, int t, boolean gradient, float[] weights, PixelSink sink) {
        final int cols = camera.cols(), rows = camera.rows();
        final TileScratch s = SCRATCH.get();
        final double[] g = s.gradient;
        int k = 0;
        for (int v = tiles.v0(t); v < tiles.v1(t, rows); v++) {
            for (int u = tiles.u0(t); u < tiles.u1(t, cols); u++) {
                int i = v * cols + u;
                if (weights != null && weights[i] == 0f) continue;
                Ray ray = s.ray(packets ? k : 0);
                if (!setUp(ray, camera, fan, u, v, map)) continue;
                if (packets) {
                    s.pixels[k++] = i;
                } else {
                    sink.accept(i, gradient ? valueAndGradient(ray, map, g) : value(ray), g);
                }
            }
        }
        if (!packets || k == 0) return;
        JosephPackets.Packet packet = JosephPackets.packet();
        for (int key = 0; key < 6; key++) { // plane axis and direction
            packet.clear();
            for (int q = 0; q < k; q++) {
                Ray r = s.rays[q];
                if (2 * r.axis + (r.sign > 0 ? 1 : 0) != key) continue;
                packet.add(r);
                if (packet.full()) run(packet, gradient);
            }
            if (packet.size > 0) run(packet, gradient);
        }
        final double scale = pencils.scale();
        for (int q = 0; q < k; q++) {
            Ray r = s.rays[q];
            sink.accept(s.pixels[q], gradient ? JosephLoops.gradientFromSums(r, map, scale, g) : r.value, g);
        }
    }

    private void run(JosephPackets.Packet packet, boolean gradient) {
        if (gradient) packet.gradientSums(pencils);
        else packet.forward(pencils);
        packet.clear();
    }

    /** Adds one tile's share of pose p's 6-vector into acc. */
    private interface TileSum {
        void add(int p, int t, double[] acc);
    }

    /**
     * Per pose, the sum of its tiles' 6-vectors: the tiles run in parallel, each into its own accumulator (no false
     * sharing), and are reduced in tile order, so the result does not depend on the thread schedule.
     */
    private static double[][] tileSums(int poses, Tiles tiles, TileSum tileSum) {
        double[][] partial = new double[poses * tiles.count][6];
        IntStream.range(0, poses * tiles.count).parallel().forEach(task -> tileSum.add(task / tiles.count, task % tiles.count, partial[task]));
        double[][] sum = new double[poses][6];
        for (int task = 0; task < partial.length; task++) {
            for (int c = 0; c < 6; c++) sum[task / tiles.count][c] += partial[task][c];
        }
        return sum;
    }

    /**
     * The full Jacobian of one DRR: row v·cols+u holds ∂I(u,v)/∂ξ, ξ = (ω, v) for the right perturbation
     * volFromCam·exp(ξ). Memory is 6 doubles per pixel: meant for small images and tests.
     */
    public double[][] jacobian(Camera camera, Rigid volFromCam) {
        double[] rows = ((StoredJacobians) linearise(camera, new Rigid[] {volFromCam})).jacobians[0];
        double[][] jac = new double[rows.length / 6][];
        for (int i = 0; i < jac.length; i++) jac[i] = java.util.Arrays.copyOfRange(rows, 6 * i, 6 * i + 6);
        return jac;
    }

    /** How many samples {@link #render} evaluates for these poses (after clipping and skipping), for reports. */
    public long sampleCount(Camera camera, Rigid[] volFromCam) {
        checkCamera(camera);
        double[][] maps = RenderInputs.poses(volFromCam, vol);
        RayFan[] fans = fans(camera, maps);
        Ray ray = new Ray();
        long n = 0;
        for (int p = 0; p < maps.length; p++) {
            for (int v = 0; v < camera.rows(); v++) {
                for (int u = 0; u < camera.cols(); u++) {
                    if (setUp(ray, camera, fans[p], u, v, maps[p])) n += ray.runs.samples();
                }
            }
        }
        return n;
    }

    /** Σ_k μ(x_k)·Δ over the ray's samples in its runs (the others are exactly 0). */
    private double forward(Ray r) {
        final float[] d = bricks.data();
        final long[] px = bricks.pairsX(), py = bricks.pairsY(), pz = bricks.pairsZ();
        final float x0 = r.x0, y0 = r.y0, z0 = r.z0, dx = r.dx, dy = r.dy, dz = r.dz;
        final BrickWalk runs = r.runs;
        double acc = 0;
        for (int run = 0; run < runs.count; run++) {
            final int end = runs.ends[run];
            int j = runs.starts[run];
            float fj = j;
            for (; j < end; j++, fj += 1f) {
                float x = x0 + fj * dx, y = y0 + fj * dy, z = z0 + fj * dz;
                int ix = (int) x, iy = (int) y, iz = (int) z;
                float fx = x - ix, fy = y - iy, fz = z - iz;
                long ex = px[ix], ey = py[iy], ez = pz[iz];
                int xa = (int) ex, xb = (int) (ex >>> 32), ya = (int) ey, yb = (int) (ey >>> 32), za = (int) ez, zb = (int) (ez >>> 32);
                int a00 = ya + za, a10 = yb + za, a01 = ya + zb, a11 = yb + zb;
                float c000 = d[xa + a00], c100 = d[xb + a00], c010 = d[xa + a10], c110 = d[xb + a10];
                float c001 = d[xa + a01], c101 = d[xb + a01], c011 = d[xa + a11], c111 = d[xb + a11];
                float c00 = c000 + fx * (c100 - c000), c10 = c010 + fx * (c110 - c010);
                float c01 = c001 + fx * (c101 - c001), c11 = c011 + fx * (c111 - c011);
                float c0 = c00 + fy * (c10 - c00), c1 = c01 + fy * (c11 - c01);
                acc += c0 + fz * (c1 - c0);
            }
        }
        return acc * r.stepMm;
    }

    /**
     * ∂I/∂ξ of one ray into out[0..5] (ω then v); returns its value (as {@link #forward}). ∇_qμ comes from the same 8
     * voxels as the trilinear value; the loop sums S = Σ∇_qμ and J = Σ j·∇_qμ (j counted from the first sample k0).
     */
    private double gradient(Ray r, double[] map, double[] out) {
        gradientSums(r);
        double[] sums = r.sums;
        double sgx = sums[0], sgy = sums[1], sgz = sums[2], jx = sums[3], jy = sums[4], jz = sums[5];
        double h = r.stepMm;
        // Translation: Δ·Mᵀ·S.   Rotation: d × (Mᵀ·Σ Δ·t_k ∇_qμ), t_k = (k0 + j)·Δ.
        double s0 = h * sgx, s1 = h * sgy, s2 = h * sgz;
        double hh = h * h;
        double t0 = hh * (r.k0 * sgx + jx), t1 = hh * (r.k0 * sgy + jy), t2 = hh * (r.k0 * sgz + jz);
        double vx = map[0] * s0 + map[4] * s1 + map[8] * s2;
        double vy = map[1] * s0 + map[5] * s1 + map[9] * s2;
        double vz = map[2] * s0 + map[6] * s1 + map[10] * s2;
        double wx = map[0] * t0 + map[4] * t1 + map[8] * t2;
        double wy = map[1] * t0 + map[5] * t1 + map[9] * t2;
        double wz = map[2] * t0 + map[6] * t1 + map[10] * t2;
        out[0] = r.uy * wz - r.uz * wy;
        out[1] = r.uz * wx - r.ux * wz;
        out[2] = r.ux * wy - r.uy * wx;
        out[3] = vx;
        out[4] = vy;
        out[5] = vz;
        return sums[6] * h;
    }

    /**
     * S = Σ∇_qμ and J = Σ j·∇_qμ into r.sums[0..5], and Σμ into r.sums[6], summed as {@link #forward} sums it (per
     * sample in double, the same float expression), so the value is the same number.
     */
    private void gradientSums(Ray r) {
        final float[] d = bricks.data();
        final long[] px = bricks.pairsX(), py = bricks.pairsY(), pz = bricks.pairsZ();
        final float x0 = r.x0, y0 = r.y0, z0 = r.z0, dx = r.dx, dy = r.dy, dz = r.dz;
        final BrickWalk runs = r.runs;
        double sgx = 0, sgy = 0, sgz = 0, jx = 0, jy = 0, jz = 0, value = 0;
        // Float partial sums over blocks j ∈ [16m, 16m + 16), double across blocks: float-speed adds, double-grade
        // totals. Blocks are aligned to j, not to the runs, and carry across runs, so skipping (which leaves out
        // exact zeros only) gives the same numbers as marching every sample.
        float ax = 0, ay = 0, az = 0, bx = 0, by = 0, bz = 0;
        int openBlock = 0; // the block the float partials belong to
        for (int run = 0; run < runs.count; run++) {
            final int runEnd = runs.ends[run];
            int j = runs.starts[run];
            float fj = j; // j as a float counter: converting j each step costs a loop-carried dependency on x86
            while (j < runEnd) {
                int block = j / GRADIENT_BLOCK;
                if (block != openBlock) {
                    sgx += ax;
                    sgy += ay;
                    sgz += az;
                    jx += bx;
                    jy += by;
                    jz += bz;
                    ax = ay = az = bx = by = bz = 0;
                    openBlock = block;
                }
                int end = Math.min(runEnd, (block + 1) * GRADIENT_BLOCK);
                for (; j < end; j++, fj += 1f) {
                    float x = x0 + fj * dx, y = y0 + fj * dy, z = z0 + fj * dz;
                    int ix = (int) x, iy = (int) y, iz = (int) z;
                    float fx = x - ix, fy = y - iy, fz = z - iz;
                    long ex = px[ix], ey = py[iy], ez = pz[iz];
                    int xa = (int) ex, xb = (int) (ex >>> 32), ya = (int) ey, yb = (int) (ey >>> 32), za = (int) ez, zb = (int) (ez >>> 32);
                    int a00 = ya + za, a10 = yb + za, a01 = ya + zb, a11 = yb + zb;
                    float c000 = d[xa + a00], c100 = d[xb + a00], c010 = d[xa + a10], c110 = d[xb + a10];
                    float c001 = d[xa + a01], c101 = d[xb + a01], c011 = d[xa + a11], c111 = d[xb + a11];
                    float e00 = c100 - c000, e10 = c110 - c010, e01 = c101 - c001, e11 = c111 - c011;
                    float c00 = c000 + fx * e00, c10 = c010 + fx * e10, c01 = c001 + fx * e01, c11 = c011 + fx * e11;
                    float gx0 = e00 + fy * (e10 - e00), gx1 = e01 + fy * (e11 - e01);
                    float gx = gx0 + fz * (gx1 - gx0); // ∂μ/∂q_x
                    float ey0 = c10 - c00, ey1 = c11 - c01;
                    float gy = ey0 + fz * (ey1 - ey0); // ∂μ/∂q_y
                    float c0 = c00 + fy * ey0, c1 = c01 + fy * ey1;
                    float gz = c1 - c0; // ∂μ/∂q_z
                    value += c0 + fz * gz;
                    ax += gx;
                    ay += gy;
                    az += gz;
                    bx += fj * gx;
                    by += fj * gy;
                    bz += fj * gz;
                }
            }
        }
        sgx += ax;
        sgy += ay;
        sgz += az;
        jx += bx;
        jy += by;
        jz += bz;
        double[] s = r.sums;
        s[0] = sgx;
        s[1] = sgy;
        s[2] = sgz;
        s[3] = jx;
        s[4] = jy;
        s[5] = jz;
        s[6] = value;
    }

    /** System property overriding the tile size, "WxH" pixels (for experiments). */
    static final String TILE_PROPERTY = "crossview.render.tile";
    private static final int[] TILE = tileSize(System.getProperty(TILE_PROPERTY, "16x8"));

    private static int[] tileSize(String wh) {
        String[] parts = wh.split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0].trim()), h = Integer.parseInt(parts[1].trim());
                if (w > 0 && h > 0) return new int[] {w, h};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(TILE_PROPERTY + ": expected WxH pixels (e.g. 16x8), got '" + wh + "'");
    }

    /**
     * The image cut into tiles of 16×8 pixels, the unit of parallel work: the rays of a tile read neighbouring voxels
     * while they are still in the core's cache, where an image row's rays sweep more voxels than the cache holds before
     * the next row comes back to them (forward + gradient ~10 % faster than rows on a 360×260×300 volume at 256²).
     */
    private static final class Tiles {
        final int across, count;

        Tiles(int cols, int rows) {
            across = (cols + TILE[0] - 1) / TILE[0];
            count = across * ((rows + TILE[1] - 1) / TILE[1]);
        }

        int u0(int t) { return (t % across) * TILE[0]; }
        int v0(int t) { return (t / across) * TILE[1]; }
        int u1(int t, int cols) { return Math.min(cols, u0(t) + TILE[0]); }
        int v1(int t, int rows) { return Math.min(rows, v0(t) + TILE[1]); }
    }

    /**
     * One ray's set-up, reused across the pixels of a task (no allocation per ray): unit direction in the
     * camera frame, first sample index k0, sample count, and the first sample and per-sample step in padded
     * index coordinates ({@link FixedQ}, for Joseph's loops).
     */
    static final class Ray {
        double ux, uy, uz;
        int k0, count;
        float x0, y0, z0, dx, dy, dz; // trilinear loops: as the OpenCL kernels compute them, x0 + j·dx in float
        int qx0, qy0, qz0, qdx, qdy, qdz; // Joseph's loops: the same in fixed point ({@link FixedQ}, the pencils' bits)
        double stepMm; // Joseph: the weight per sample, the path length between planes (mm)
        double ex, ey, ez; // the ray's direction in padded index space, per mm
        // Joseph only: the dominant axis (0..2), its first plane and direction (±1), the first sample's distance from the source (mm)
        int axis, nFirst, sign;
        double tFirst;
        double value; // Joseph in packets: the ray's value (JosephPackets.Packet#forward)
        final BrickWalk runs = new BrickWalk(); // the samples to march: [starts[r], ends[r]) of j
        final JosephLoops.Plane plane = new JosephLoops.Plane(); // Joseph's loops' view of the grid for this ray
        final double[] sums = new double[7]; // a gradient loop's raw sums, in stored units

        /**
         * The trilinear projector's set-up. Returns false when the ray misses the support box (then its value and
         * gradient are 0). The sample positions come from the support box alone; {@code space} (null: none) only picks
         * the runs to march.
         */
        boolean setUp(Camera cam, int u, int v, double[] m, PaddedVolume vol, EmptySpace space, double step) {
            double f = cam.sourceToDetectorMm();
            double px = -f * (u - cam.cx()) / cam.fx(), py = -f * (v - cam.cy()) / cam.fy(), pz = -f;
            double len = Math.sqrt(px * px + py * py + pz * pz);
            ux = px / len;
            uy = py / len;
            uz = pz / len;
            stepMm = step;
            double t0 = 0, t1 = len; // from the source to the detector
            for (int a = 0; a < 3; a++) {
                double o = m[a * 4 + 3];
                double e = m[a * 4] * ux + m[a * 4 + 1] * uy + m[a * 4 + 2] * uz;
                double lo = vol.supportLo(a), hi = vol.supportHi(a);
                if (e != 0) {
                    double ta = (lo - o) / e, tb = (hi - o) / e;
                    t0 = Math.max(t0, Math.min(ta, tb));
                    t1 = Math.min(t1, Math.max(ta, tb));
                } else if (!(o > lo && o < hi)) {
                    return false;
                }
            }
            if (!(t0 < t1)) return false;
            ex = m[0] * ux + m[1] * uy + m[2] * uz;
            ey = m[4] * ux + m[5] * uy + m[6] * uz;
            ez = m[8] * ux + m[9] * uy + m[10] * uz;
            long kFirst = (long) Math.ceil(t0 / step), kLast = (long) Math.floor(t1 / step);
            if (kLast < kFirst) return false;
            if (kLast - kFirst >= Integer.MAX_VALUE) throw new IllegalArgumentException("stepMm: too many samples per ray for step " + step);
            k0 = (int) kFirst;
            count = (int) (kLast - kFirst + 1);
            positions(m, k0 * step, step);
            if (skips(space)) runs.walk(space, m[3], m[7], m[11], ex, ey, ez, k0, count, step);
            else runs.all(count);
            return true;
        }

        /** The float start and per-sample increment of the sample positions t = tStart + j·h (padded index space). */
        private void positions(double[] m, double tStart, double h) {
            x0 = (float) (m[3] + tStart * ex);
            y0 = (float) (m[7] + tStart * ey);
            z0 = (float) (m[11] + tStart * ez);
            dx = (float) (h * ex);
            dy = (float) (h * ey);
            dz = (float) (h * ez);
        }

        /** Whether to walk the bricks: not without skipping, nor when every brick is occupied (the walk would give one run). */
        private static boolean skips(EmptySpace space) {
            return space != null && !space.allOccupied();
        }

        /**
         * Joseph's set-up from the image's {@link RayFan}; false when the ray misses the support box. The ray is
         * q(s) = o + s·E, s ∈ [0, 1] from the source to the detector; its samples lie on the planes q_a = n of the axis a
         * along which it crosses the most planes (largest |E_a|), every plane within the clipped interval: sample j on plane
         * nFirst + j·sign, at t = tFirst + j·stepMm mm from the source, stepMm = |p|/|E_a| the path length between planes.
         * Clip, plane range and sample positions need no length, so the square root and the unit vectors (for the gradient
         * and the brick walk) come last, once per ray, as multiplications.
         */
        boolean setUpJoseph(RayFan fan, int u, int v, EmptySpace space, double positionScale) {
            final double du = u - fan.cx, dv = v - fan.cy;
            final double eX = fan.ecx + du * fan.eux + dv * fan.evx;
            final double eY = fan.ecy + du * fan.euy + dv * fan.evy;
            final double eZ = fan.ecz + du * fan.euz + dv * fan.evz;
            // Clip s to the support box: s in (lo − o)/E .. (hi − o)/E per axis (or the whole ray when E_a = 0 and o_a is inside).
            double s0 = 0, s1 = 1;
            final double invX = 1 / eX, invY = 1 / eY, invZ = 1 / eZ;
            if (eX != 0) {
                double sa = fan.loX * invX, sb = fan.hiX * invX;
                s0 = Math.max(s0, Math.min(sa, sb));
                s1 = Math.min(s1, Math.max(sa, sb));
            } else if (!(fan.loX < 0 && fan.hiX > 0)) {
                return false;
            }
            if (eY != 0) {
                double sa = fan.loY * invY, sb = fan.hiY * invY;
                s0 = Math.max(s0, Math.min(sa, sb));
                s1 = Math.min(s1, Math.max(sa, sb));
            } else if (!(fan.loY < 0 && fan.hiY > 0)) {
                return false;
            }
            if (eZ != 0) {
                double sa = fan.loZ * invZ, sb = fan.hiZ * invZ;
                s0 = Math.max(s0, Math.min(sa, sb));
                s1 = Math.min(s1, Math.max(sa, sb));
            } else if (!(fan.loZ < 0 && fan.hiZ > 0)) {
                return false;
            }
            if (!(s0 < s1)) return false;
            final double ax = Math.abs(eX), ay = Math.abs(eY), az = Math.abs(eZ);
            axis = ax >= ay ? (ax >= az ? 0 : 2) : (ay >= az ? 1 : 2);
            final double ea = axis == 0 ? eX : axis == 1 ? eY : eZ, oa = axis == 0 ? fan.ox : axis == 1 ? fan.oy : fan.oz;
            final double invA = axis == 0 ? invX : axis == 1 ? invY : invZ;
            final double qa0 = oa + s0 * ea, qa1 = oa + s1 * ea;
            long first, last;
            if (ea > 0) {
                sign = 1;
                first = (long) Math.ceil(qa0);
                last = (long) Math.floor(qa1);
            } else {
                sign = -1;
                first = (long) Math.floor(qa0);
                last = (long) Math.ceil(qa1);
            }
            final long n = (last - first) * sign + 1;
            if (n <= 0) return false;
            nFirst = (int) first;
            count = (int) n; // at most the padded grid's size along the axis
            final double sFirst = (first - oa) * invA, perPlane = Math.abs(invA); // s of the first sample, s per plane
            // The first sample and the step per plane (index space); the loops take them in fixed point ({@link FixedQ})
            // on the two in-plane axes (the plane axis is the sample index).
            final double firstX = fan.ox + sFirst * eX, firstY = fan.oy + sFirst * eY, firstZ = fan.oz + sFirst * eZ;
            final double stepX = perPlane * eX, stepY = perPlane * eY, stepZ = perPlane * eZ;
            if (axis != 0) {
                qx0 = FixedQ.of(firstX, positionScale);
                qdx = FixedQ.of(stepX, positionScale);
            }
            if (axis != 1) {
                qy0 = FixedQ.of(firstY, positionScale);
                qdy = FixedQ.of(stepY, positionScale);
            }
            if (axis != 2) {
                qz0 = FixedQ.of(firstZ, positionScale);
                qdz = FixedQ.of(stepZ, positionScale);
            }
            final double pu = fan.kx * du, pv = fan.ky * dv;
            final double len = Math.sqrt(pu * pu + pv * pv + fan.f * fan.f), invLen = 1 / len; // |p| mm
            stepMm = len * perPlane;
            tFirst = len * sFirst;
            ux = pu * invLen;
            uy = pv * invLen;
            uz = -fan.f * invLen;
            ex = eX * invLen;
            ey = eY * invLen;
            ez = eZ * invLen;
            if (skips(space)) {
                runs.walkPlanes(space, axis, nFirst, sign, firstX, firstY, firstZ, stepX, stepY, stepZ, count);
            } else {
                runs.all(count);
            }
            return true;
        }
    }
}

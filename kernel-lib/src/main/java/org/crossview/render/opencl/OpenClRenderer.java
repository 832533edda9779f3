package org.crossview.render.opencl;

import static org.jocl.CL.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.BrickedVolume;
import org.crossview.render.EmptySpace;
import org.crossview.render.PaddedVolume;
import org.crossview.render.Projector;
import org.crossview.render.RenderInputs;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.volume.Volume;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_image_desc;
import org.jocl.cl_image_format;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * The OpenCL back end of {@link Renderer} (JOCL): the same samples, clipping and gradient as
 * {@link org.crossview.render.CpuRenderer}, computed by the kernels in {@code drr.cl}, one work-item per
 * pixel and all poses of a call in one launch. The padded volume ({@link PaddedVolume}'s layout) is
 * uploaded once; each call uploads the poses (and d(loss)/d(image)) and reads back the images (or six
 * numbers per pose: the gradient is reduced on the device, per work-group and then per pose). By default the
 * kernels skip empty space as the Java renderer does (the occupancy flags of {@link EmptySpace} go with the volume).
 *
 * <p>Precision: on devices with double support the per-ray set-up and the sums across sample blocks are
 * in double, as in the Java renderer, so the two agree to float rounding of the inner loop. Optionally
 * the forward pass samples an image3d with the texture unit's linear filtering ({@link Options#imageForward}),
 * whose interpolation weights may be of reduced precision on GPUs; the gradient always reads the buffer.
 *
 * <p>Every OpenCL object is released by {@link #close()} (and, as a safety net, when the renderer becomes
 * unreachable). Calls on one renderer are serialised; use one renderer per thread for parallel work.
 */
public final class OpenClRenderer implements Renderer {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final String SOURCE = "drr.cl";
    /** Largest image buffer per launch; bigger batches are rendered in chunks. */
    private static final long MAX_LAUNCH_BYTES = 256L << 20;
    private static final int REDUCE_GROUP = 64;

    /**
     * Tuning and precision switches. {@code localX × localY} is the work-group's pixel tile (powers of two).
     * {@code doubleSetup} needs device double support. {@code bricked} stores the volume in 8³ bricks
     * ({@link BrickedVolume}) instead of x-fastest rows (same values, better cache locality for rays across x).
     * {@code skipEmpty} marches only the samples in occupied bricks ({@link EmptySpace}; the others are exactly 0).
     */
    public record Options(boolean imageForward, boolean doubleSetup, boolean bricked, int localX, int localY, boolean skipEmpty) {
        public static final String BRICKED_PROPERTY = "crossview.opencl.bricked";
        public static final String TILE_PROPERTY = "crossview.opencl.tile";

        /** With empty-space skipping. */
        public Options(boolean imageForward, boolean doubleSetup, boolean bricked, int localX, int localY) {
            this(imageForward, doubleSetup, bricked, localX, localY, true);
        }

        public Options {
            if (Integer.bitCount(localX) != 1 || Integer.bitCount(localY) != 1) {
                throw new IllegalArgumentException("work-group tile: localX and localY must be powers of two, got " + localX + "x" + localY);
            }
        }

        /**
         * Buffer sampling, double set-up where the device has it, the volume in bricks, a 16×8 pixel tile (128
         * work-items: four warps on NVIDIA; on PoCL it measured as fast as any tile tried, 8×4 to 128×1). For
         * experiments on a new device the system properties {@value #BRICKED_PROPERTY} (true/false) and
         * {@value #TILE_PROPERTY} (e.g. 32x4) override the layout and the tile.
         */
        public static Options defaults(OpenClDevice device) {
            boolean bricked = !"false".equalsIgnoreCase(System.getProperty(BRICKED_PROPERTY, "true").trim());
            String tile = System.getProperty(TILE_PROPERTY, "16x8").trim();
            String[] t = tile.split("x");
            try {
                if (t.length != 2) throw new NumberFormatException();
                return new Options(false, device.fp64(), bricked, Integer.parseInt(t[0]), Integer.parseInt(t[1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(TILE_PROPERTY + ": expected WxH (powers of two), got '" + tile + "'");
            }
        }

        public Options withImageForward(boolean on) {
            return new Options(on, doubleSetup, bricked, localX, localY, skipEmpty);
        }

        public Options withDoubleSetup(boolean on) {
            return new Options(imageForward, on, bricked, localX, localY, skipEmpty);
        }

        public Options withBricked(boolean on) {
            return new Options(imageForward, doubleSetup, on, localX, localY, skipEmpty);
        }

        public Options withSkipEmpty(boolean on) {
            return new Options(imageForward, doubleSetup, bricked, localX, localY, on);
        }
    }

    private final OpenClDevice device;
    private final Options options;
    private final PaddedVolume vol;
    private final double stepMm;
    private final Resources res;
    private final Cleaner.Cleanable cleanable;
    private final boolean dbl;
    private final int realBytes;
    private final int localX;
    private final int localY;
    private boolean closed;

    /** On the preferred device ({@link OpenClDevices#best}), default options. */
    public OpenClRenderer(Volume mu, RenderSettings settings) {
        this(mu, settings, OpenClDevices.require());
    }

    public OpenClRenderer(Volume mu, RenderSettings settings, OpenClDevice device) {
        this(mu, settings, device, Options.defaults(device));
    }

    public OpenClRenderer(Volume mu, RenderSettings settings, OpenClDevice device, Options options) {
        this(mu, settings, device, options, loadSource());
    }

    /** With explicit kernel source (tests of the build-error path). */
    OpenClRenderer(Volume mu, RenderSettings settings, OpenClDevice device, Options options, String source) {
        this.vol = PaddedVolume.geometryOf(RenderInputs.attenuation(mu)); // the voxels go to the device, not kept here
        this.stepMm = RenderInputs.settings(settings).stepMm();
        if (settings.projector() != Projector.TRILINEAR) {
            throw new IllegalArgumentException("settings: the " + settings.projector().label() + " projector runs on the Java back end only (cpu), not OpenCL");
        }
        if (device == null) throw new IllegalArgumentException("device: null");
        if (options == null) throw new IllegalArgumentException("options: null");
        if (options.doubleSetup() && !device.fp64()) throw new IllegalArgumentException("options: doubleSetup needs double support, which " + device.label() + " lacks");
        if (options.imageForward() && !device.images()) throw new IllegalArgumentException("options: imageForward needs image support, which " + device.label() + " lacks");
        this.device = device;
        this.options = options;
        this.dbl = options.doubleSetup();
        this.realBytes = dbl ? Sizeof.cl_double : Sizeof.cl_float;
        this.res = new Resources();
        this.cleanable = CLEANER.register(this, res);
        try {
            // The voxels in the layout the kernels are built for; the host copy is dropped once uploaded.
            float[] voxels;
            int strideA, strideB;
            if (options.bricked()) {
                voxels = new BrickedVolume(mu).data();
                int bricksX = (vol.sizeX() + BrickedVolume.BRICK - 1) / BrickedVolume.BRICK;
                int bricksY = (vol.sizeY() + BrickedVolume.BRICK - 1) / BrickedVolume.BRICK;
                int brick3 = BrickedVolume.BRICK * BrickedVolume.BRICK * BrickedVolume.BRICK;
                strideA = brick3 * bricksX;
                strideB = brick3 * bricksX * bricksY;
            } else {
                voxels = new PaddedVolume(mu).data();
                strideA = vol.sizeX();
                strideB = vol.sizeX() * vol.sizeY();
            }
            long volumeBytes = (long) voxels.length * Sizeof.cl_float;
            if (volumeBytes > device.maxAllocBytes()) {
                throw new OpenClException(String.format("mu: the padded volume (%d×%d×%d, %.0f MiB) exceeds %s's largest buffer (%.0f MiB)", vol.sizeX(),
                        vol.sizeY(), vol.sizeZ(), volumeBytes / 1048576.0, device.label(), device.maxAllocBytes() / 1048576.0));
            }
            res.context = clCreateContext(null, 1, new org.jocl.cl_device_id[] {device.id()}, null, null, null);
            res.queue = clCreateCommandQueue(res.context, device.id(), 0, null); // the OpenCL 1.x call: every runtime has it
            String flags = (dbl ? "-DUSE_DOUBLE " : "") + (options.imageForward() ? "-DWITH_IMAGE " : "") + (options.bricked() ? "-DBRICKED " : "")
                    + (options.skipEmpty() ? "-DSKIP_EMPTY -DSKIP_CELL=" + EmptySpace.CELL + " " : "") + "-cl-std=CL1.2";
            res.program = build(res.context, device, source, flags);
            res.forward = clCreateKernel(res.program, "drrForward", null);
            res.gradient = clCreateKernel(res.program, "drrGradient", null);
            res.reduce = clCreateKernel(res.program, "reducePartials", null);
            res.volume = clCreateBuffer(res.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, volumeBytes, Pointer.to(voxels), null);
            EmptySpace space = options.skipEmpty() ? new EmptySpace(mu) : null;
            uploadEmptySpace(space);
            if (options.imageForward()) {
                res.forwardImage = clCreateKernel(res.program, "drrForwardImage", null);
                res.volumeImage = createVolumeImage(res.context, device, new PaddedVolume(mu));
            }
            int[] tile = fitTile(options.localX(), options.localY(), Math.min(workGroupLimit(res.gradient, device), workGroupLimit(res.forward, device)));
            this.localX = tile[0];
            this.localY = tile[1];
            setVolumeArgs(res.forward, res.volume, strideA, strideB);
            setVolumeArgs(res.gradient, res.volume, strideA, strideB);
            setSkipArgs(res.forward, 17, space);
            setSkipArgs(res.gradient, 19, space);
            if (res.forwardImage != null) {
                clSetKernelArg(res.forwardImage, 0, Sizeof.cl_mem, Pointer.to(res.volumeImage));
                setGeometryArgs(res.forwardImage, 1);
                setSkipArgs(res.forwardImage, 15, space);
            }
        } catch (CLException e) {
            res.run();
            throw new OpenClException("OpenCL: setting up the renderer on " + device.label() + " failed: " + CL.stringFor_errorCode(e.getStatus()), e);
        } catch (RuntimeException e) {
            res.run();
            throw e;
        }
    }

    @Override
    public String name() {
        return "opencl:" + device.label() + (options.imageForward() ? "+image" : "");
    }

    public OpenClDevice device() {
        return device;
    }

    public Options options() {
        return options;
    }

    /** The work-group tile actually used (the requested one shrunk to the kernels' limits). */
    public int[] workGroupTile() {
        return new int[] {localX, localY};
    }

    @Override
    public synchronized Image[] render(Camera camera, Rigid[] volFromCam) {
        ensureOpen();
        RenderInputs.camera(camera, stepMm);
        double[][] maps = RenderInputs.poses(volFromCam, vol);
        int cols = camera.cols(), rows = camera.rows();
        Image[] out = new Image[maps.length];
        for (int p = 0; p < maps.length; p++) out[p] = new Image(cols, rows);
        long pixelBytes = (long) cols * rows * Sizeof.cl_float;
        int chunk = (int) Math.max(1, Math.min(maps.length, MAX_LAUNCH_BYTES / pixelBytes));
        cl_kernel k = options.imageForward() ? res.forwardImage : res.forward;
        int cameraArg = options.imageForward() ? 7 : 9;
        try {
            for (int first = 0; first < maps.length; first += chunk) {
                int n = Math.min(chunk, maps.length - first);
                writeMaps(maps, first, n);
                res.images = ensure(res.images, n * pixelBytes, CL_MEM_WRITE_ONLY);
                clSetKernelArg(k, cameraArg - 1, Sizeof.cl_mem, Pointer.to(res.maps));
                setCameraArgs(k, cameraArg, camera);
                clSetKernelArg(k, cameraArg + 7, Sizeof.cl_mem, Pointer.to(res.images));
                clEnqueueNDRangeKernel(res.queue, k, 3, null, globalSize(cols, rows, n), new long[] {localX, localY, 1}, 0, null, null);
                for (int p = 0; p < n; p++) {
                    clEnqueueReadBuffer(res.queue, res.images, CL_TRUE, p * pixelBytes, pixelBytes, Pointer.to(out[first + p].data()), 0, null, null);
                }
            }
        } catch (CLException e) {
            throw failure("render", e);
        }
        return out;
    }

    @Override
    public synchronized double[][] poseGradient(Camera camera, Rigid[] volFromCam, Image[] dLossdImage) {
        ensureOpen();
        RenderInputs.camera(camera, stepMm);
        double[][] maps = RenderInputs.poses(volFromCam, vol);
        RenderInputs.lossGradients(dLossdImage, camera, maps.length);
        int cols = camera.cols(), rows = camera.rows();
        long pixelBytes = (long) cols * rows * Sizeof.cl_float;
        int chunk = (int) Math.max(1, Math.min(maps.length, MAX_LAUNCH_BYTES / pixelBytes));
        long[] global = globalSize(cols, rows, 1);
        int groups = (int) ((global[0] / localX) * (global[1] / localY));
        double[][] grad = new double[maps.length][6];
        try {
            for (int first = 0; first < maps.length; first += chunk) {
                int n = Math.min(chunk, maps.length - first);
                writeMaps(maps, first, n);
                res.lossGradients = ensure(res.lossGradients, n * pixelBytes, CL_MEM_READ_ONLY);
                for (int p = 0; p < n; p++) {
                    clEnqueueWriteBuffer(res.queue, res.lossGradients, CL_TRUE, p * pixelBytes, pixelBytes, Pointer.to(dLossdImage[first + p].data()), 0,
                            null, null);
                }
                res.partials = ensure(res.partials, (long) n * groups * 6 * realBytes, CL_MEM_READ_WRITE);
                res.grads = ensure(res.grads, (long) n * 6 * realBytes, CL_MEM_WRITE_ONLY);
                cl_kernel k = res.gradient;
                clSetKernelArg(k, 8, Sizeof.cl_mem, Pointer.to(res.maps));
                setCameraArgs(k, 9, camera);
                clSetKernelArg(k, 16, Sizeof.cl_mem, Pointer.to(res.lossGradients));
                clSetKernelArg(k, 17, Sizeof.cl_mem, Pointer.to(res.partials));
                clSetKernelArg(k, 18, (long) 6 * localX * localY * realBytes, null);
                clEnqueueNDRangeKernel(res.queue, k, 3, null, new long[] {global[0], global[1], n}, new long[] {localX, localY, 1}, 0, null, null);
                clSetKernelArg(res.reduce, 0, Sizeof.cl_mem, Pointer.to(res.partials));
                clSetKernelArg(res.reduce, 1, Sizeof.cl_int, Pointer.to(new int[] {groups}));
                clSetKernelArg(res.reduce, 2, Sizeof.cl_mem, Pointer.to(res.grads));
                clSetKernelArg(res.reduce, 3, (long) 6 * REDUCE_GROUP * realBytes, null);
                clEnqueueNDRangeKernel(res.queue, res.reduce, 2, null, new long[] {REDUCE_GROUP, n}, new long[] {REDUCE_GROUP, 1}, 0, null, null);
                if (dbl) {
                    double[] g = new double[n * 6];
                    clEnqueueReadBuffer(res.queue, res.grads, CL_TRUE, 0, (long) g.length * Sizeof.cl_double, Pointer.to(g), 0, null, null);
                    for (int p = 0; p < n; p++) System.arraycopy(g, p * 6, grad[first + p], 0, 6);
                } else {
                    float[] g = new float[n * 6];
                    clEnqueueReadBuffer(res.queue, res.grads, CL_TRUE, 0, (long) g.length * Sizeof.cl_float, Pointer.to(g), 0, null, null);
                    for (int p = 0; p < n; p++) {
                        for (int c = 0; c < 6; c++) grad[first + p][c] = g[p * 6 + c];
                    }
                }
            }
        } catch (CLException e) {
            throw failure("poseGradient", e);
        }
        return grad;
    }

    /** Releases every OpenCL object; further calls throw. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        cleanable.clean();
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException(name() + ": renderer is closed");
    }

    private OpenClException failure(String what, CLException e) {
        return new OpenClException("OpenCL " + what + " on " + device.label() + " failed: " + CL.stringFor_errorCode(e.getStatus()), e);
    }

    private long[] globalSize(int cols, int rows, int poses) {
        return new long[] {roundUp(cols, localX), roundUp(rows, localY), poses};
    }

    private static long roundUp(int n, int m) {
        return (long) (n + m - 1) / m * m;
    }

    /** Uploads the camera → padded index affines of poses [first, first + n). */
    private void writeMaps(double[][] maps, int first, int n) {
        res.maps = ensure(res.maps, (long) n * 12 * realBytes, CL_MEM_READ_ONLY);
        if (dbl) {
            double[] m = new double[n * 12];
            for (int p = 0; p < n; p++) System.arraycopy(maps[first + p], 0, m, p * 12, 12);
            clEnqueueWriteBuffer(res.queue, res.maps, CL_TRUE, 0, (long) m.length * Sizeof.cl_double, Pointer.to(m), 0, null, null);
        } else {
            float[] m = new float[n * 12];
            for (int p = 0; p < n; p++) {
                for (int c = 0; c < 12; c++) m[p * 12 + c] = (float) maps[first + p][c];
            }
            clEnqueueWriteBuffer(res.queue, res.maps, CL_TRUE, 0, (long) m.length * Sizeof.cl_float, Pointer.to(m), 0, null, null);
        }
    }

    /** A buffer of at least {@code bytes}: the current one if big enough, else a new one (the old one released). */
    private cl_mem ensure(cl_mem current, long bytes, long flags) {
        Long have = res.sizes.get(current);
        if (current != null && have != null && have >= bytes) return current;
        if (current != null) {
            res.sizes.remove(current);
            clReleaseMemObject(current);
        }
        cl_mem m = clCreateBuffer(res.context, flags, bytes, null, null);
        res.sizes.put(m, bytes);
        return m;
    }

    /** Arguments 0..7 of the buffer kernels: volume, strides (see drr.cl), clip box, step. */
    private void setVolumeArgs(cl_kernel k, cl_mem volume, int strideA, int strideB) {
        clSetKernelArg(k, 0, Sizeof.cl_mem, Pointer.to(volume));
        clSetKernelArg(k, 1, Sizeof.cl_int, Pointer.to(new int[] {strideA}));
        clSetKernelArg(k, 2, Sizeof.cl_int, Pointer.to(new int[] {strideB}));
        setGeometryArgs(k, 3);
    }

    /** The occupancy flags and the tight box (unused placeholders without skipping: the arguments exist either way). */
    private void uploadEmptySpace(EmptySpace space) {
        byte[] occ = space == null ? new byte[1] : space.occupied();
        double[] box = new double[6];
        for (int a = 0; space != null && a < 3; a++) {
            box[a] = space.boxLo(a);
            box[3 + a] = space.boxHi(a);
        }
        res.occupancy = clCreateBuffer(res.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, occ.length, Pointer.to(occ), null);
        if (dbl) {
            res.box = clCreateBuffer(res.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, 6L * Sizeof.cl_double, Pointer.to(box), null);
        } else {
            float[] f = new float[6];
            for (int i = 0; i < 6; i++) f[i] = (float) box[i];
            res.box = clCreateBuffer(res.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, 6L * Sizeof.cl_float, Pointer.to(f), null);
        }
    }

    /** Arguments at..at+4: occupancy, box, bricks per axis (see SKIP_PARAMS in drr.cl). */
    private void setSkipArgs(cl_kernel k, int at, EmptySpace space) {
        clSetKernelArg(k, at, Sizeof.cl_mem, Pointer.to(res.occupancy));
        clSetKernelArg(k, at + 1, Sizeof.cl_mem, Pointer.to(res.box));
        int[] n = space == null ? new int[] {1, 1, 1} : new int[] {space.bricksX(), space.bricksY(), space.bricksZ()};
        for (int a = 0; a < 3; a++) clSetKernelArg(k, at + 2 + a, Sizeof.cl_int, Pointer.to(new int[] {n[a]}));
    }

    /** Clip box (lo, hiX, hiY, hiZ) and step, from argument {@code at}. */
    private void setGeometryArgs(cl_kernel k, int at) {
        setReal(k, at, vol.supportLo(0));
        setReal(k, at + 1, vol.supportHi(0));
        setReal(k, at + 2, vol.supportHi(1));
        setReal(k, at + 3, vol.supportHi(2));
        setReal(k, at + 4, stepMm);
    }

    /** fx, fy, cx, cy, f, cols, rows from argument {@code at}. */
    private void setCameraArgs(cl_kernel k, int at, Camera c) {
        setReal(k, at, c.fx());
        setReal(k, at + 1, c.fy());
        setReal(k, at + 2, c.cx());
        setReal(k, at + 3, c.cy());
        setReal(k, at + 4, c.sourceToDetectorMm());
        clSetKernelArg(k, at + 5, Sizeof.cl_int, Pointer.to(new int[] {c.cols()}));
        clSetKernelArg(k, at + 6, Sizeof.cl_int, Pointer.to(new int[] {c.rows()}));
    }

    private void setReal(cl_kernel k, int index, double value) {
        if (dbl) {
            clSetKernelArg(k, index, Sizeof.cl_double, Pointer.to(new double[] {value}));
        } else {
            clSetKernelArg(k, index, Sizeof.cl_float, Pointer.to(new float[] {(float) value}));
        }
    }

    private static long workGroupLimit(cl_kernel k, OpenClDevice device) {
        long[] v = new long[1];
        clGetKernelWorkGroupInfo(k, device.id(), CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(v), null);
        return Math.min(v[0], device.maxWorkGroupSize());
    }

    /** Halves the tile (y first) until it fits the work-group limit. */
    static int[] fitTile(int lx, int ly, long limit) {
        while ((long) lx * ly > limit && (lx > 1 || ly > 1)) {
            if (ly > 1) ly /= 2;
            else lx /= 2;
        }
        return new int[] {lx, ly};
    }

    private static cl_mem createVolumeImage(cl_context context, OpenClDevice device, PaddedVolume vol) {
        cl_image_format format = new cl_image_format();
        format.image_channel_order = CL_R;
        format.image_channel_data_type = CL_FLOAT;
        cl_image_desc desc = new cl_image_desc();
        desc.image_type = CL_MEM_OBJECT_IMAGE3D;
        desc.image_width = vol.sizeX();
        desc.image_height = vol.sizeY();
        desc.image_depth = vol.sizeZ();
        try {
            return clCreateImage(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, format, desc, Pointer.to(vol.data()), null);
        } catch (CLException e) {
            throw new OpenClException("OpenCL: " + device.label() + " cannot hold the volume as a " + vol.sizeX() + "×" + vol.sizeY() + "×" + vol.sizeZ()
                    + " single-channel float image3d (" + CL.stringFor_errorCode(e.getStatus()) + "); use the buffer path (imageForward off)", e);
        }
    }

    /** Builds {@code source} for {@code device}; a compile error becomes an {@link OpenClException} carrying the build log. */
    static cl_program build(cl_context context, OpenClDevice device, String source, String flags) {
        cl_program program = clCreateProgramWithSource(context, 1, new String[] {source}, null, null); // NUL-terminated: a char count would cut UTF-8 text
        try {
            clBuildProgram(program, 1, new org.jocl.cl_device_id[] {device.id()}, flags, null, null);
            return program;
        } catch (CLException e) {
            String log = buildLog(program, device);
            clReleaseProgram(program);
            throw new OpenClException("OpenCL: kernel source " + SOURCE + " does not build on " + device.label() + " (" + CL.stringFor_errorCode(e.getStatus())
                    + ", options '" + flags + "'); build log:\n" + log, e);
        }
    }

    private static String buildLog(cl_program program, OpenClDevice device) {
        try {
            long[] size = new long[1];
            clGetProgramBuildInfo(program, device.id(), CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] buf = new byte[(int) size[0]];
            clGetProgramBuildInfo(program, device.id(), CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
            String log = OpenClDevices.cString(buf).strip();
            return log.isEmpty() ? "(empty)" : log;
        } catch (CLException e) {
            return "(not available: " + CL.stringFor_errorCode(e.getStatus()) + ")";
        }
    }

    static String loadSource() {
        try (InputStream in = OpenClRenderer.class.getResourceAsStream(SOURCE)) {
            if (in == null) throw new IllegalStateException("kernel source " + SOURCE + " missing from the class path next to " + OpenClRenderer.class.getName());
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading kernel source " + SOURCE, e);
        }
    }

    /**
     * The OpenCL objects of one renderer. Released in reverse order of creation by {@link #run()}, which
     * {@link #close()} and the cleaner call at most once; it must not reference the renderer.
     */
    private static final class Resources implements Runnable {
        cl_context context;
        cl_command_queue queue;
        cl_program program;
        cl_kernel forward, forwardImage, gradient, reduce;
        cl_mem volume, volumeImage, occupancy, box, maps, images, lossGradients, partials, grads;
        final java.util.IdentityHashMap<cl_mem, Long> sizes = new java.util.IdentityHashMap<>();
        private boolean released;

        @Override
        public synchronized void run() {
            if (released) return;
            released = true;
            Deque<Runnable> steps = new ArrayDeque<>();
            if (queue != null) steps.add(() -> clFinish(queue)); // nothing in flight may use what follows
            for (cl_mem m : new cl_mem[] {grads, partials, lossGradients, images, maps, box, occupancy, volumeImage, volume}) {
                if (m != null) steps.add(() -> clReleaseMemObject(m));
            }
            for (cl_kernel k : new cl_kernel[] {reduce, gradient, forwardImage, forward}) {
                if (k != null) steps.add(() -> clReleaseKernel(k));
            }
            if (program != null) steps.add(() -> clReleaseProgram(program));
            if (queue != null) steps.add(() -> clReleaseCommandQueue(queue));
            if (context != null) steps.add(() -> clReleaseContext(context));
            for (Runnable step : steps) {
                try {
                    step.run();
                } catch (CLException e) {
                    // keep releasing the rest; a failing release leaves nothing better to do
                }
            }
        }
    }
}

package org.crossview.render.opencl;

import static org.jocl.CL.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * The OpenCL devices of this machine, and which one a renderer should use: a GPU first, then an
 * accelerator, then a CPU device (PoCL), larger memory first within a kind. The system property
 * {@value #DEVICE_PROPERTY} (or the environment variable {@value #DEVICE_ENV}) picks a device by a
 * case-insensitive part of "platform device" instead.
 *
 * <p>A machine without an OpenCL runtime (the JOCL native glue cannot load libOpenCL) or without any
 * platform is not an error here: the listing is empty and {@link Listing#problem} says why.
 */
public final class OpenClDevices {
    public static final String DEVICE_PROPERTY = "crossview.opencl.device";
    public static final String DEVICE_ENV = "CROSSVIEW_OPENCL_DEVICE";

    private static Listing cached;
    private static final String INSTALL_HINT = " (install the ICD loader, Debian package ocl-icd-libopencl1, and a driver such as pocl-opencl-icd)";

    private OpenClDevices() {}

    /** The devices found, and when there are none, why (null otherwise). */
    public record Listing(List<OpenClDevice> devices, String problem) {}

    /** Enumerates once per JVM (the installed runtimes do not change while it runs). */
    public static synchronized Listing list() {
        if (cached == null) cached = enumerate();
        return cached;
    }

    /** Whether an OpenCL device is usable here. */
    public static boolean available() {
        return !list().devices().isEmpty();
    }

    /** The preferred device (see the class comment), if any. */
    public static Optional<OpenClDevice> best() {
        Listing l = list();
        if (l.devices().isEmpty()) return Optional.empty();
        String wanted = System.getProperty(DEVICE_PROPERTY, System.getenv(DEVICE_ENV));
        if (wanted != null && !wanted.isBlank()) {
            String w = wanted.toLowerCase(Locale.ROOT);
            return l.devices().stream().filter(d -> (d.platformName() + " " + d.name()).toLowerCase(Locale.ROOT).contains(w)).findFirst();
        }
        return l.devices().stream()
                .min(Comparator.comparing(OpenClDevice::kind).thenComparing(Comparator.comparingLong(OpenClDevice::globalMemBytes).reversed()));
    }

    /** The preferred device, or an {@link OpenClException} saying why there is none. */
    public static OpenClDevice require() {
        Listing l = list();
        if (l.devices().isEmpty()) throw new OpenClException("OpenCL: no device usable: " + l.problem());
        return best().orElseThrow(() -> new OpenClException("OpenCL: no device matches " + DEVICE_PROPERTY + "/" + DEVICE_ENV + " = '"
                + System.getProperty(DEVICE_PROPERTY, System.getenv(DEVICE_ENV)) + "'; devices: " + l.devices()));
    }

    /** Human-readable lines: every device, and which one is preferred (for {@code crossview doctor}). */
    public static List<String> describe() {
        Listing l = list();
        List<String> lines = new ArrayList<>();
        if (l.devices().isEmpty()) {
            lines.add("OpenCL: unavailable: " + l.problem());
            return lines;
        }
        Optional<OpenClDevice> best = best();
        for (OpenClDevice d : l.devices()) {
            lines.add("OpenCL device: " + d + (best.isPresent() && best.get() == d ? "  <- preferred" : ""));
        }
        if (best.isEmpty()) lines.add("OpenCL: no device matches " + DEVICE_PROPERTY + "/" + DEVICE_ENV);
        return lines;
    }

    private static Listing enumerate() {
        Optional<String> noLoader = IcdLoader.certainlyAbsent(); // asked first: JOCL would print its failure to stdout
        if (noLoader.isPresent()) return new Listing(List.of(), "no OpenCL runtime: " + noLoader.get() + INSTALL_HINT);
        try {
            CL.setExceptionsEnabled(true); // every failing call throws CLException instead of returning a code
            int[] count = new int[1];
            try {
                clGetPlatformIDs(0, null, count);
            } catch (CLException e) {
                if (e.getStatus() == CL_PLATFORM_NOT_FOUND_KHR) {
                    return new Listing(List.of(), "no OpenCL platform: the ICD loader found no driver (install one, e.g. the Debian package "
                            + "pocl-opencl-icd, or register a vendor library in /etc/OpenCL/vendors)");
                }
                throw e;
            }
            if (count[0] == 0) return new Listing(List.of(), "no OpenCL platform installed");
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            clGetPlatformIDs(platforms.length, platforms, null);
            List<OpenClDevice> devices = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (cl_platform_id p : platforms) {
                String platformName = platformString(p, CL_PLATFORM_NAME);
                int[] n = new int[1];
                try {
                    clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
                } catch (CLException e) {
                    skipped.add(platformName + ": " + CL.stringFor_errorCode(e.getStatus()));
                    continue;
                }
                cl_device_id[] ids = new cl_device_id[n[0]];
                clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
                for (cl_device_id id : ids) devices.add(describe(p, platformName, id));
            }
            String problem = devices.isEmpty() ? "OpenCL platforms without devices: " + String.join("; ", skipped) : null;
            return new Listing(List.copyOf(devices), problem);
        } catch (LinkageError e) {
            // JOCL's native glue could not load libOpenCL (UnsatisfiedLinkError on first use, NoClassDefFoundError after).
            return new Listing(List.of(), "no OpenCL runtime: " + e.getMessage() + INSTALL_HINT);
        } catch (CLException e) {
            return new Listing(List.of(), "listing OpenCL devices failed: " + CL.stringFor_errorCode(e.getStatus()));
        }
    }

    private static OpenClDevice describe(cl_platform_id p, String platformName, cl_device_id id) {
        long type = deviceLong(id, CL_DEVICE_TYPE);
        OpenClDevice.Kind kind = (type & CL_DEVICE_TYPE_GPU) != 0 ? OpenClDevice.Kind.GPU
                : (type & CL_DEVICE_TYPE_ACCELERATOR) != 0 ? OpenClDevice.Kind.ACCELERATOR
                : (type & CL_DEVICE_TYPE_CPU) != 0 ? OpenClDevice.Kind.CPU : OpenClDevice.Kind.OTHER;
        String extensions = deviceString(id, CL_DEVICE_EXTENSIONS);
        return new OpenClDevice(p, id, platformName, deviceString(id, CL_DEVICE_NAME), deviceString(id, CL_DEVICE_VENDOR),
                deviceString(id, CL_DEVICE_VERSION), kind, deviceInt(id, CL_DEVICE_MAX_COMPUTE_UNITS), deviceLong(id, CL_DEVICE_GLOBAL_MEM_SIZE),
                deviceLong(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE), deviceSize(id, CL_DEVICE_MAX_WORK_GROUP_SIZE), extensions.contains("cl_khr_fp64"),
                deviceInt(id, CL_DEVICE_IMAGE_SUPPORT) != 0);
    }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(p, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetPlatformInfo(p, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(d, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    private static int deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        clGetDeviceInfo(d, param, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceSize(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}

package org.crossview.notebook;

import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * The OpenCL platforms and devices JOCL sees ({@code 00_environment}): one line per platform ("platform: NAME —
 * VERSION") followed by one per device ("  device: NAME — VERSION"). A platform without devices lists none.
 */
public final class OpenClDevices {
    private OpenClDevices() {}

    /** A platform and the devices on it. */
    public record Platform(String name, String version, List<String> devices) {}

    public static List<Platform> list() {
        CL.setExceptionsEnabled(true);
        int[] count = new int[1];
        CL.clGetPlatformIDs(0, null, count);
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        if (platforms.length > 0) CL.clGetPlatformIDs(platforms.length, platforms, null);
        List<Platform> out = new ArrayList<>();
        for (cl_platform_id platform : platforms) {
            int[] deviceCount = new int[1];
            try {
                CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, 0, null, deviceCount);
            } catch (CLException none) {   // CL_DEVICE_NOT_FOUND: a platform with no device of any type
                deviceCount[0] = 0;
            }
            cl_device_id[] devices = new cl_device_id[deviceCount[0]];
            if (devices.length > 0) CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, devices.length, devices, null);
            List<String> names = new ArrayList<>();
            for (cl_device_id d : devices) names.add(deviceInfo(d, CL.CL_DEVICE_NAME) + " — " + deviceInfo(d, CL.CL_DEVICE_VERSION));
            out.add(new Platform(platformInfo(platform, CL.CL_PLATFORM_NAME), platformInfo(platform, CL.CL_PLATFORM_VERSION), names));
        }
        return out;
    }

    /** The listing as text lines, and how many devices in all. */
    public static String describe(List<Platform> platforms) {
        StringBuilder sb = new StringBuilder();
        for (Platform p : platforms) {
            sb.append("platform: ").append(p.name()).append(" — ").append(p.version()).append('\n');
            for (String d : p.devices()) sb.append("  device: ").append(d).append('\n');
        }
        return sb.toString();
    }

    public static int deviceCount(List<Platform> platforms) {
        return platforms.stream().mapToInt(p -> p.devices().size()).sum();
    }

    private static String platformInfo(cl_platform_id platform, int param) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(platform, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        CL.clGetPlatformInfo(platform, param, bytes.length, Pointer.to(bytes), null);
        return text(bytes);
    }

    private static String deviceInfo(cl_device_id device, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(device, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        CL.clGetDeviceInfo(device, param, bytes.length, Pointer.to(bytes), null);
        return text(bytes);
    }

    /** An OpenCL info string: NUL-terminated bytes. */
    static String text(byte[] bytes) {
        return new String(bytes, 0, Math.max(0, bytes.length - 1), java.nio.charset.StandardCharsets.UTF_8).trim();
    }
}

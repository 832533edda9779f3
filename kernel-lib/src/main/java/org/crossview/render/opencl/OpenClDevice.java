package org.crossview.render.opencl;

import java.util.Locale;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** One OpenCL device as the runtime describes it, with the handles needed to use it. */
public final class OpenClDevice {
    /** The kinds of device, in the order {@link OpenClDevices#best} prefers them. */
    public enum Kind { GPU, ACCELERATOR, CPU, OTHER }

    private final cl_platform_id platform;
    private final cl_device_id device;
    private final String platformName;
    private final String name;
    private final String vendor;
    private final String version;
    private final Kind kind;
    private final int computeUnits;
    private final long globalMemBytes;
    private final long maxAllocBytes;
    private final long maxWorkGroupSize;
    private final boolean fp64;
    private final boolean images;

    OpenClDevice(cl_platform_id platform, cl_device_id device, String platformName, String name, String vendor, String version, Kind kind,
            int computeUnits, long globalMemBytes, long maxAllocBytes, long maxWorkGroupSize, boolean fp64, boolean images) {
        this.platform = platform;
        this.device = device;
        this.platformName = platformName;
        this.name = name;
        this.vendor = vendor;
        this.version = version;
        this.kind = kind;
        this.computeUnits = computeUnits;
        this.globalMemBytes = globalMemBytes;
        this.maxAllocBytes = maxAllocBytes;
        this.maxWorkGroupSize = maxWorkGroupSize;
        this.fp64 = fp64;
        this.images = images;
    }

    cl_platform_id platform() { return platform; }
    cl_device_id id() { return device; }
    public String platformName() { return platformName; }
    public String name() { return name; }
    public String vendor() { return vendor; }
    /** The device's OpenCL version string. */
    public String version() { return version; }
    public Kind kind() { return kind; }
    public int computeUnits() { return computeUnits; }
    public long globalMemBytes() { return globalMemBytes; }
    /** Largest single buffer the device allows. */
    public long maxAllocBytes() { return maxAllocBytes; }
    public long maxWorkGroupSize() { return maxWorkGroupSize; }
    /** Whether the device supports double precision (cl_khr_fp64). */
    public boolean fp64() { return fp64; }
    /** Whether the device supports images (texture sampling). */
    public boolean images() { return images; }

    /** A short label for renderer names: "pocl-cpu" for PoCL's CPU device, else the device name without trademarks. */
    public String label() {
        if (platformName.contains("Portable Computing Language")) return "pocl-" + kind.name().toLowerCase(Locale.ROOT);
        String s = name.replaceAll("\\((R|TM|r|tm)\\)", "").trim().replaceAll("\\s+", " ");
        return s.length() > 32 ? s.substring(0, 32) : s;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s [%s, %s, %d compute units, %.1f GiB, fp64 %s, images %s]", name.trim(), kind, platformName.trim(),
                computeUnits, globalMemBytes / (1024.0 * 1024 * 1024), fp64 ? "yes" : "no", images ? "yes" : "no");
    }
}

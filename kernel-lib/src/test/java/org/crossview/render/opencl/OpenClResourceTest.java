package org.crossview.render.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.RenderSettings;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OpenCL objects are released: 10,000 renders (and gradients, and renderers made and closed) in a loop
 * leave the JVM heap after GC and the process's resident memory (VmRSS) flat; a kernel that does not build
 * gives an exception with the build log, and the JVM carries on.
 */
class OpenClResourceTest {
    private static OpenClDevice device;

    @BeforeAll
    static void needsOpenCl() {
        Assumptions.assumeTrue(OpenClDevices.available(), () -> "no OpenCL device, OpenCL resource tests skipped: " + OpenClDevices.list().problem());
        device = OpenClDevices.best().orElseThrow();
    }

    /** A 24³ ball of water-like attenuation at 1 mm, centred on the origin. */
    static Volume ball() {
        int n = 24;
        float[] data = new float[n * n * n];
        double c = (n - 1) / 2.0;
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double r2 = (i - c) * (i - c) + (j - c) * (j - c) + (k - c) * (k - c);
                    data[i + n * (j + n * k)] = r2 < 100 ? 0.02f : 0f;
                }
            }
        }
        return new Volume(n, n, n, new double[] {1, 1, 1}, new double[] {-c, -c, -c}, data);
    }

    static Rigid pose(double angleRad) {
        return Rigid.rotation(new double[] {0, 0, 1}, angleRad).compose(Rigid.translation(0, 0, 200));
    }

    /** Resident memory of this process in bytes, from /proc/self/status (Linux). */
    static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Runs {@link RenderLoopProbe} in a child JVM and returns its heap and resident-memory changes (bytes). */
    private static long[] childMemoryGrowth(String... probeArgs) throws Exception {
        // A fixed, pre-touched heap: the child's resident memory then moves only with native allocations.
        String out = ChildJvm.run(List.of(), List.of("-Xms96m", "-Xmx96m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC"), RenderLoopProbe.class,
                List.of(probeArgs));
        String line = out.lines().filter(l -> l.startsWith("memory ")).findFirst().orElseThrow(() -> new AssertionError("no memory line:\n" + out));
        long[] m = Arrays.stream(line.substring(7).trim().split(" ")).mapToLong(Long::parseLong).toArray();
        return new long[] {m[1] - m[0], m[3] - m[2], m[3]};
    }

    @Test
    void tenThousandRendersKeepMemoryFlat() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc/self/status: resident memory cannot be read here");
        long[] g = childMemoryGrowth();
        System.out.printf("10,000 renders + 2,000 gradients (after 6,000 to warm up): heap after GC %+.2f MiB, VmRSS %+.2f MiB (now %.0f MiB)%n",
                g[0] / 1048576.0, g[1] / 1048576.0, g[2] / 1048576.0);
        assertTrue(g[0] < 2L << 20, "heap grew by " + g[0] + " bytes");
        assertTrue(g[1] < 4L << 20, "resident memory grew by " + g[1] + " bytes (a leaked 1 KiB image buffer per call would be 10 MiB)");
    }

    @Test
    void renderersMadeAndClosedInALoopKeepMemoryFlat() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc/self/status: resident memory cannot be read here");
        long[] g = childMemoryGrowth("renderers");
        System.out.printf("40 renderers made and closed (after 10 to warm up): heap after GC %+.2f MiB, VmRSS %+.2f MiB (now %.0f MiB)%n",
                g[0] / 1048576.0, g[1] / 1048576.0, g[2] / 1048576.0);
        assertTrue(g[0] < 2L << 20, "heap grew by " + g[0] + " bytes");
        assertTrue(g[1] < 8L << 20, "resident memory grew by " + g[1] + " bytes");
    }

    @Test
    void badKernelSourceGivesTheBuildLog() {
        String broken = OpenClRenderer.loadSource().replace("int ix = (int) x, iy = (int) y, iz = (int) z; // positions",
                "int ix = (int) x, iy = (int) y, iz = (int) undeclaredVariable; // positions");
        OpenClException e = assertThrows(OpenClException.class,
                () -> new OpenClRenderer(ball(), new RenderSettings(1.0), device, OpenClRenderer.Options.defaults(device), broken));
        System.out.println("build error message: " + e.getMessage());
        assertTrue(e.getMessage().contains("does not build on " + device.label()), e.getMessage());
        assertTrue(e.getMessage().contains("build log"), e.getMessage());
        assertTrue(e.getMessage().contains("undeclaredVariable"), "the build log should name the bad identifier: " + e.getMessage());
        // The JVM and OpenCL carry on: a good renderer still works.
        try (OpenClRenderer ok = new OpenClRenderer(ball(), new RenderSettings(1.0), device)) {
            assertTrue(ok.render(Camera.centred(8, 8, 3, 3, 400), pose(0)).max() > 0);
        }
    }

    @Test
    void workGroupTileShrinksToTheLimit() {
        assertEquals(16, OpenClRenderer.fitTile(16, 8, 1024)[0]);
        assertEquals(8, OpenClRenderer.fitTile(16, 8, 1024)[1]);
        int[] t = OpenClRenderer.fitTile(16, 8, 32);
        assertEquals(32, t[0] * t[1]);
        t = OpenClRenderer.fitTile(16, 8, 1);
        assertEquals(1, t[0] * t[1]);
        assertThrows(IllegalArgumentException.class, () -> new OpenClRenderer.Options(false, false, 12, 8));
    }
}

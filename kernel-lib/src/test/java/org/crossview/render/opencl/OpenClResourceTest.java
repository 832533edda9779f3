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

    /** Runs {@link RenderLoopProbe} in a child JVM and returns its "memory" lines as numbers. */
    private static List<long[]> childMemory(String... probeArgs) throws Exception {
        // A fixed, pre-touched heap: the child's resident memory then moves only with native allocations.
        String out = ChildJvm.run(List.of(), List.of("-Xms96m", "-Xmx96m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC"), RenderLoopProbe.class,
                List.of(probeArgs));
        List<long[]> lines = out.lines().filter(l -> l.startsWith("memory "))
                .map(l -> Arrays.stream(l.substring(7).trim().split(" ")).mapToLong(Long::parseLong).toArray()).toList();
        assertTrue(!lines.isEmpty(), "no memory lines:\n" + out);
        return lines;
    }

    @Test
    void tenThousandRendersKeepMemoryFlat() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc/self/status: resident memory cannot be read here");
        List<long[]> m = childMemory();
        assertEquals(6, m.size());
        // A leak grows every block alike (a leaked 1 KiB image buffer per call: 2 MiB per block of 2,000 renders);
        // a late one-off step (JIT code, an allocator arena on a loaded machine) moves one block. So: the median block.
        long[] rssGrowth = new long[5];
        for (int b = 0; b < 5; b++) rssGrowth[b] = m.get(b + 1)[1] - m.get(b)[1];
        long[] sorted = rssGrowth.clone();
        Arrays.sort(sorted);
        long heapGrowth = m.get(5)[0] - m.get(0)[0], total = m.get(5)[1] - m.get(0)[1];
        System.out.printf("10,000 renders + 2,000 gradients (after 5,000 to warm up): heap after GC %+.2f MiB, VmRSS %+.2f MiB (%.0f MiB at the end); "
                + "per block of 2,000 (KiB): %s%n", heapGrowth / 1048576.0, total / 1048576.0, m.get(5)[1] / 1048576.0,
                Arrays.toString(Arrays.stream(rssGrowth).map(x -> x / 1024).toArray()));
        assertTrue(heapGrowth < 2L << 20, "heap grew by " + heapGrowth + " bytes");
        assertTrue(sorted[2] < 512L << 10, "resident memory grows by a median " + sorted[2] + " bytes per 2,000 renders");
        assertTrue(total < 16L << 20, "resident memory grew by " + total + " bytes");
    }

    @Test
    void renderersMadeAndClosedInALoopKeepMemoryFlat() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc/self/status: resident memory cannot be read here");
        long[] m = childMemory("renderers").get(0);
        System.out.printf("40 renderers made and closed (after 20 to warm up): heap after GC %+.2f MiB, VmRSS %+.2f MiB (now %.0f MiB)%n",
                (m[1] - m[0]) / 1048576.0, (m[3] - m[2]) / 1048576.0, m[3] / 1048576.0);
        assertTrue(m[1] - m[0] < 2L << 20, "heap grew by " + (m[1] - m[0]) + " bytes");
        assertTrue(m[3] - m[2] < 8L << 20, "resident memory grew by " + (m[3] - m[2]) + " bytes");
    }

    @Test
    void badKernelSourceGivesTheBuildLog() throws Exception {
        // In a child JVM (BadKernelProbe): the compiler's own diagnostics go to that process's stderr, captured here,
        // so the test log does not show an expected compiler error as if it were a real one.
        String out = ChildJvm.run(List.of(), List.of(), BadKernelProbe.class, List.of());
        String exception = out.lines().filter(l -> l.startsWith("exception: ")).findFirst()
                .orElseThrow(() -> new AssertionError("the broken source built or threw something else:\n" + out));
        String label = out.lines().filter(l -> l.startsWith("device: ")).findFirst().orElseThrow().substring(8);
        assertTrue(exception.contains("does not build on " + label), exception);
        assertTrue(exception.contains("build log"), exception);
        assertTrue(exception.contains("undeclaredVariable"), "the build log should name the bad identifier: " + exception);
        // The JVM and OpenCL carry on: a good renderer still works.
        double max = out.lines().filter(l -> l.startsWith("then rendered, max ")).mapToDouble(l -> Double.parseDouble(l.substring(19)))
                .findFirst().orElseThrow(() -> new AssertionError("no render after the failed build:\n" + out));
        assertTrue(max > 0, out);
    }

    @Test
    void workGroupTileShrinksToTheLimit() {
        assertEquals(16, OpenClRenderer.fitTile(16, 8, 1024)[0]);
        assertEquals(8, OpenClRenderer.fitTile(16, 8, 1024)[1]);
        int[] t = OpenClRenderer.fitTile(16, 8, 32);
        assertEquals(32, t[0] * t[1]);
        t = OpenClRenderer.fitTile(16, 8, 1);
        assertEquals(1, t[0] * t[1]);
        assertThrows(IllegalArgumentException.class, () -> new OpenClRenderer.Options(false, false, true, 12, 8));
    }
}

package org.crossview.render.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Without OpenCL the factory says why and "auto" falls back to the Java renderer; the JVM does not crash.
 * Each case runs {@link NoOpenClProbe} in a child JVM: once with the ICD loader pointed at an empty vendor
 * directory (no platform), once, where user namespaces allow it, with libOpenCL itself hidden (no runtime).
 */
class OpenClMissingRuntimeTest {

    private static String runProbe(List<String> prefix, String... env) throws IOException, InterruptedException {
        return ChildJvm.run(prefix, List.of(), NoOpenClProbe.class, List.of(), env);
    }

    private static void assertFallsBack(String out, String reason) {
        assertTrue(out.contains("probe finished"), out);
        assertTrue(out.contains("describe: OpenCL: unavailable: " + reason), out);
        assertTrue(out.contains("describe: auto picks: cpu"), out);
        assertTrue(out.contains("auto: cpu max "), out);
        assertTrue(out.contains("opencl: OpenClException: OpenCL: no device usable: " + reason), out);
    }

    @Test
    void noPlatformFallsBackToJava() throws Exception {
        Path empty = Files.createTempDirectory("no-icd");
        try {
            String out = runProbe(List.of(), "OCL_ICD_VENDORS", empty.toString());
            System.out.println(out);
            assertFallsBack(out, "no OpenCL platform");
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    @Test
    void noRuntimeLibraryFallsBackToJava() throws Exception {
        // The libOpenCL this JVM loaded (if any), hidden in a private mount namespace by binding /dev/null over it.
        Assumptions.assumeTrue(OpenClDevices.available(), "no OpenCL here: nothing to hide");
        String lib = Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains("libOpenCL.so")).map(l -> l.substring(l.indexOf('/')))
                .findFirst().orElse(null);
        Assumptions.assumeTrue(lib != null, "libOpenCL not found in /proc/self/maps");
        Process probe = new ProcessBuilder("unshare", "-rm", "true").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        Assumptions.assumeTrue(probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0, "unshare -rm is not permitted here: case skipped");
        String javaCmd = "mount --bind /dev/null " + lib + " && exec \"$0\" \"$@\"";
        String out = runProbe(List.of("unshare", "-rm", "sh", "-c", javaCmd));
        System.out.println(out);
        assertFallsBack(out, "no OpenCL runtime");
    }
}

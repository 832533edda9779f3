package org.crossview.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel whose port is taken exits with {@link KernelMain#START_FAILED}, so that Jupyter restarts it on new ports. It
 * runs in a JVM of its own with this test's class path and a connection file whose stdin port is held by a listening
 * socket. rapaio's own entry point either hangs there (when other channels' loop threads started before the failed bind:
 * their order is that of a {@code Set.of}, which changes from JVM to JVM) or dies of the uncaught exception with status 1.
 */
class KernelMainTest {
    @Test
    void exitsWithItsOwnStatusWhenAPortIsTaken(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path connection = connectionFile(dir, taken.getLocalPort());
            Process ours = start(KernelMain.class.getName(), connection, dir.resolve("ours.log"));
            assertTrue(ours.waitFor(90, TimeUnit.SECONDS), "KernelMain must exit when a port is taken; log:\n" + Files.readString(dir.resolve("ours.log")));
            assertEquals(KernelMain.START_FAILED, ours.exitValue());
            assertTrue(Files.readString(dir.resolve("ours.log")).contains("Address already in use"), "the cause is reported");
        }
    }

    private static Path connectionFile(Path dir, int takenPort) throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                ports.add(s.getLocalPort());
            }
        }
        String json = "{\"shell_port\": " + ports.get(0) + ", \"iopub_port\": " + ports.get(1) + ", \"stdin_port\": " + takenPort
                + ", \"control_port\": " + ports.get(2) + ", \"hb_port\": " + ports.get(3) + ", \"ip\": \"127.0.0.1\", \"key\": \"k\","
                + " \"transport\": \"tcp\", \"signature_scheme\": \"hmac-sha256\", \"kernel_name\": \"crossview\"}";
        return Files.writeString(dir.resolve("connection.json"), json);
    }

    private static Process start(String mainClass, Path connection, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), mainClass, connection.toString());
        pb.environment().put("RJK_INIT_SCRIPT", "");
        return pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}

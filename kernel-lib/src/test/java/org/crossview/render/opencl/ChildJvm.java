package org.crossview.render.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test class path in a child JVM and returns its output (stdout and stderr). */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * @param prefix  a command to wrap the JVM in (e.g. unshare), or empty
     * @param jvmArgs options for the child JVM
     * @param env     environment overrides, name then value
     */
    static String run(List<String> prefix, List<String> jvmArgs, Class<?> main, List<String> mainArgs, String... env) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(mainArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove(OpenClDevices.DEVICE_ENV);
        for (int i = 0; i < env.length; i += 2) pb.environment().put(env[i], env[i + 1]);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), main.getSimpleName() + " did not finish:\n" + out);
        assertEquals(0, p.exitValue(), main.getSimpleName() + " JVM failed (crash?):\n" + out);
        return out;
    }
}

package org.crossview.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.crossview.plot.Figures;
import org.crossview.render.Renderers;
import org.jocl.CL;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code crossview doctor}: checks each piece the project needs (Java, the Maven-built class paths, ND4J's native
 * code, OpenCL through JOCL, Jupyter, the kernelspec, the command-line tools) and prints, for each missing piece,
 * the command that installs or repairs it. Exit code 0 when everything is in place.
 */
public final class DoctorCommand implements Command {
    static final String APT = "apt-get install -y ";
    /** Set by the launcher (scripts/lib.sh picks Debian's, or a conda environment's). */
    static final String JUPYTER = envOr("CROSSVIEW_JUPYTER", "/usr/bin/jupyter");
    static final String PYTHON = envOr("CROSSVIEW_PYTHON", "/usr/bin/python3");

    /** One finding: {@code fix} is null when the check passed. */
    record Check(String name, boolean ok, String detail, String fix) {
        static Check ok(String name, String detail) { return new Check(name, true, detail, null); }
        static Check missing(String name, String detail, String fix) { return new Check(name, false, detail, fix); }
    }

    @Override public String name() { return "doctor"; }

    @Override public String summary() { return "check Java, Maven artefacts, ND4J natives, OpenCL, Jupyter and the kernel; say how to fix"; }

    @Override
    public int run(String[] args) {
        if (args.length > 0) {
            System.out.println("usage: crossview doctor    (no options; exit code 0 when everything is in place)");
            return args[0].equals("--help") || args[0].equals("-h") ? 0 : 2;
        }
        Path home = Figures.home().orElse(Path.of("").toAbsolutePath());
        List<Check> checks = new ArrayList<>();
        checks.add(java());
        checks.add(maven());
        checks.addAll(classPaths(home));
        checks.add(nd4j());
        checks.add(openCl());
        checks.add(renderer());
        checks.addAll(jupyter());
        checks.add(kernelspec(home));
        checks.add(tool("clinfo", "clinfo"));
        checks.add(tool("h5dump", "hdf5-tools"));
        checks.add(tool("plastimatch", "plastimatch"));

        int problems = 0;
        for (Check c : checks) {
            System.out.printf("%-8s %-22s %s%n", c.ok() ? "ok" : "MISSING", c.name(), c.detail());
            if (!c.ok()) {
                problems++;
                System.out.printf("%-8s %-22s fix: %s%n", "", "", c.fix());
            }
        }
        System.out.println();
        System.out.println(problems == 0 ? "All " + checks.size() + " checks passed."
                : problems + " of " + checks.size() + " checks failed; run the 'fix:' commands above (apt-get ones as root).");
        return problems == 0 ? 0 : 1;
    }

    static Check java() {
        Runtime.Version v = Runtime.version();
        String detail = "Java " + v + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")";
        return v.feature() >= 17 ? Check.ok("java", detail)
                : Check.missing("java", detail + ": Java 17 or newer is needed", APT + "openjdk-17-jdk-headless");
    }

    static Check maven() {
        Path mvn = onPath("mvn");
        return mvn != null ? Check.ok("maven", mvn.toString()) : Check.missing("maven", "mvn not on PATH", APT + "maven");
    }

    /** The class paths the launcher and the kernel are built from: present, and every entry exists. */
    static List<Check> classPaths(Path home) {
        List<Check> out = new ArrayList<>();
        for (String file : new String[] {"build/app-classpath.txt", "build/kernel-classpath.txt"}) {
            String name = file.startsWith("build/app") ? "maven artefacts" : "kernel artefacts";
            Path p = home.resolve(file);
            try {
                if (!Files.isRegularFile(p)) {
                    out.add(Check.missing(name, p + " not written yet", "./crossview build"));
                    continue;
                }
                String[] entries = Files.readString(p, StandardCharsets.UTF_8).trim().split(File.pathSeparator);
                List<String> absent = new ArrayList<>();
                for (String e : entries) if (!e.isBlank() && !Files.exists(Path.of(e))) absent.add(e);
                out.add(absent.isEmpty() ? Check.ok(name, entries.length + " class path entries in " + file)
                        : Check.missing(name, absent.size() + " entries of " + file + " are missing, e.g. " + absent.get(0),
                                "./crossview build   (or: mvn -B compile dependency:build-classpath, online)"));
            } catch (IOException e) {
                out.add(Check.missing(name, "cannot read " + p + ": " + e.getMessage(), "./crossview build"));
            }
        }
        return out;
    }

    static Check nd4j() {
        try {
            INDArray a = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2});
            double trace = a.mmul(a).getDouble(0, 0) + a.mmul(a).getDouble(1, 1); // [[7,10],[15,22]] → 29
            if (Math.abs(trace - 29) > 1e-6) return Check.missing("nd4j natives", "2x2 product gave trace " + trace + " instead of 29",
                    "rm -rf ~/.m2/repository/org/bytedeco ~/.m2/repository/org/nd4j && ./crossview build");
            return Check.ok("nd4j natives", Nd4j.getBackend().getClass().getSimpleName() + ", " + Nd4j.getExecutioner().getClass().getSimpleName());
        } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError…
            return Check.missing("nd4j natives", "ND4J did not load: " + rootMessage(t),
                    "check .mvn/maven.config holds -Djavacpp.platform=linux-x86_64, then: mvn -B dependency:resolve && ./crossview build");
        }
    }

    /** Which DRR back end "auto" picks here (a GPU, else the Java renderer: never missing, the Java one always works). */
    static Check renderer() {
        return Check.ok("renderer", "auto picks " + Renderers.autoChoice() + " (back ends here: " + String.join(", ", Renderers.available()) + ")");
    }

    static Check openCl() {
        String fix = APT + "ocl-icd-libopencl1 pocl-opencl-icd clinfo   (then `clinfo -l` lists the devices)";
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            CL.clGetPlatformIDs(0, null, count);
            if (count[0] == 0) return Check.missing("opencl", "no OpenCL platform (no ICD installed)", fix);
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            CL.clGetPlatformIDs(count[0], platforms, null);
            List<String> found = new ArrayList<>();
            for (cl_platform_id p : platforms) {
                int[] nd = new int[1];
                try {
                    CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, 0, null, nd);
                } catch (RuntimeException noDevices) {
                    nd[0] = 0;
                }
                List<String> names = new ArrayList<>();
                if (nd[0] > 0) {
                    cl_device_id[] devices = new cl_device_id[nd[0]];
                    CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, nd[0], devices, null);
                    for (cl_device_id d : devices) names.add(deviceString(d, CL.CL_DEVICE_NAME));
                }
                found.add(platformString(p, CL.CL_PLATFORM_NAME) + " " + names);
            }
            return Check.ok("opencl", String.join("; ", found));
        } catch (UnsatisfiedLinkError e) {
            return Check.missing("opencl", "the OpenCL loader libOpenCL.so.1 is missing: " + rootMessage(e), fix);
        } catch (Throwable t) {
            String msg = rootMessage(t);
            return Check.missing("opencl", "JOCL failed: " + msg, msg.contains("PLATFORM_NOT_FOUND") ? APT + "pocl-opencl-icd" : fix);
        }
    }

    static List<Check> jupyter() {
        String fix = APT + "jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel";
        List<Check> out = new ArrayList<>();
        if (!Files.isExecutable(Path.of(JUPYTER))) {
            out.add(Check.missing("jupyter", JUPYTER + " not found", fix));
            return out;
        }
        Result nb = exec(JUPYTER, "nbconvert", "--version");
        out.add(nb.ok() ? Check.ok("jupyter", JUPYTER + ", nbconvert " + nb.out().trim())
                : Check.missing("jupyter", "jupyter nbconvert does not run: " + nb.out().trim(), fix));
        Result py = exec(PYTHON, "-c", "import nbclient, jupyter_client; print(nbclient.__version__, jupyter_client.__version__)");
        out.add(py.ok() ? Check.ok("nbclient", "nbclient, jupyter_client " + py.out().trim())
                : Check.missing("nbclient", PYTHON + " lacks nbclient/jupyter_client", fix));
        return out;
    }

    /** The installed "crossview" kernelspec exists and points at this checkout's class paths. */
    static Check kernelspec(Path home) {
        String fix = "./crossview install-kernel";
        if (!Files.isExecutable(Path.of(JUPYTER))) return Check.missing("kernelspec", "needs Jupyter first", fix);
        Result list = exec(JUPYTER, "kernelspec", "list", "--json");
        if (!list.ok()) return Check.missing("kernelspec", "jupyter kernelspec list failed: " + list.out().trim(), fix);
        try {
            String json = list.out().substring(list.out().indexOf('{'));
            JsonObject specs = new JsonParser().parse(json).getAsJsonObject().getAsJsonObject("kernelspecs");
            if (specs == null || !specs.has("crossview")) return Check.missing("kernelspec", "no 'crossview' kernel installed", fix);
            String dir = specs.getAsJsonObject("crossview").get("resource_dir").getAsString();
            String kernelJson = Files.readString(Path.of(dir, "kernel.json"));
            if (!kernelJson.contains(home.toString())) {
                return Check.missing("kernelspec", dir + " belongs to another checkout (not " + home + ")", fix);
            }
            JsonObject spec = new JsonParser().parse(kernelJson).getAsJsonObject();
            String cp = spec.getAsJsonObject("env").get("RJK_CLASSPATH").getAsString();
            for (String e : cp.split(";")) {
                if (!e.isBlank() && !Files.exists(Path.of(e))) return Check.missing("kernelspec", "its class path lacks " + e, fix);
            }
            return Check.ok("kernelspec", "crossview → " + dir);
        } catch (IOException | RuntimeException e) {
            return Check.missing("kernelspec", "unreadable kernelspec: " + e.getMessage(), fix);
        }
    }

    static Check tool(String command, String debianPackage) {
        Path p = onPath(command);
        return p != null ? Check.ok(command, p.toString()) : Check.missing(command, command + " not on PATH", APT + debianPackage);
    }

    static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return p;
        }
        return null;
    }

    record Result(boolean ok, String out) {}

    /** Runs a command with a 60 s limit, stdout and stderr together. */
    static Result exec(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] bytes = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(false, String.join(" ", command) + " took over 60 s");
            }
            return new Result(p.exitValue() == 0, new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(false, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(p, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetPlatformInfo(p, param, buf.length, org.jocl.Pointer.to(buf), null);
        return new String(buf, 0, Math.max(0, buf.length - 1), StandardCharsets.UTF_8);
    }

    private static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(d, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetDeviceInfo(d, param, buf.length, org.jocl.Pointer.to(buf), null);
        return new String(buf, 0, Math.max(0, buf.length - 1), StandardCharsets.UTF_8);
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) r = r.getCause();
        return r.getClass().getSimpleName() + ": " + r.getMessage();
    }
}

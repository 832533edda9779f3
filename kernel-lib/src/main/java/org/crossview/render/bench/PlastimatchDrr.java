package org.crossview.render.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crossview.volume.Volume;

/**
 * Runs {@code plastimatch drr} (Debian package plastimatch) on the benchmark scene, as the CPU peer of
 * DESIGN.md §9. The volume goes over as a MetaImage (.mhd + raw float32); the geometry matches
 * {@link BenchScene}: --sad 750, --sid 1020, a 400 mm detector, gantry angles about the volume's S axis.
 * Plastimatch's "uniform" algorithm marches with trilinear samples every 0.75 voxel spacing (fixed in its
 * source), "exact" is Siddon. Lengths are in cm in its output, so its DRR is ours / 10.
 */
public final class PlastimatchDrr implements AutoCloseable {
    private static final Pattern TOTAL_TIME = Pattern.compile("Total time:\\s*([0-9.eE+-]+)");
    private static final Pattern CPU_SECONDS = Pattern.compile("CPU-SECONDS ([0-9.]+) ([0-9.]+)");
    /** Plastimatch's fixed ray step for uniform marching, as a fraction of the voxel spacing. */
    public static final double UNIFORM_STEP_FRACTION = 0.75;

    private final Path dir;
    private final Path header;

    private PlastimatchDrr(Path dir, Path header) {
        this.dir = dir;
        this.header = header;
    }

    /** Whether a {@code plastimatch} executable is on the PATH. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("plastimatch", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Writes the volume (identity direction assumed, as in the benchmark) to a temporary MetaImage. */
    public static PlastimatchDrr prepare(Volume vol) throws IOException {
        Path dir = Files.createTempDirectory("crossview-plastimatch");
        Path raw = dir.resolve("volume.raw");
        Path tmp = dir.resolve("volume.raw.part");
        float[] data = vol.data();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = Files.newOutputStream(tmp)) {
            for (float x : data) {
                if (!buf.hasRemaining()) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putFloat(x);
            }
            out.write(buf.array(), 0, buf.position());
        }
        Files.move(tmp, raw, StandardCopyOption.ATOMIC_MOVE);
        double[] o = vol.originMm(), s = vol.spacingMm();
        String text = String.format(Locale.ROOT, "ObjectType = Image%nNDims = 3%nBinaryData = True%nBinaryDataByteOrderMSB = False%n"
                + "CompressedData = False%nTransformMatrix = 1 0 0 0 1 0 0 0 1%nOffset = %s %s %s%nCenterOfRotation = 0 0 0%n"
                + "AnatomicalOrientation = RAI%nElementSpacing = %s %s %s%nDimSize = %d %d %d%nElementType = MET_FLOAT%nElementDataFile = volume.raw%n",
                o[0], o[1], o[2], s[0], s[1], s[2], vol.nx(), vol.ny(), vol.nz());
        Path header = dir.resolve("volume.mhd");
        Files.writeString(header, text, StandardCharsets.US_ASCII);
        return new PlastimatchDrr(dir, header);
    }

    /** One run: plastimatch's own "Total time" (rendering and writing, not loading) and the process's CPU seconds. */
    public record Run(double reportedSeconds, double cpuSeconds) {}

    /** Renders {@code angles} DRRs of {@code size}² pixels, gantry angles {@code spacingDeg} apart. */
    public Run run(String algorithm, int size, int angles, double spacingDeg) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "TIMEFORMAT='CPU-SECONDS %3U %3S'; time \"$@\"", "bash",
                "plastimatch", "drr", "-t", "raw", "-P", "none", "-i", algorithm,
                "-r", size + " " + size, "-z", fmt(BenchScene.DETECTOR_MM) + " " + fmt(BenchScene.DETECTOR_MM),
                "--sad", fmt(BenchScene.SOURCE_TO_CENTRE_MM), "--sid", fmt(BenchScene.SOURCE_TO_DETECTOR_MM),
                "-a", Integer.toString(angles), "-N", fmt(spacingDeg), "-O", dir.resolve("out").toString(), header.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("plastimatch drr failed (" + String.join(" ", cmd) + "):\n" + out);
        }
        Matcher m = TOTAL_TIME.matcher(out);
        double total = Double.NaN;
        while (m.find()) total = Double.parseDouble(m.group(1));
        Matcher c = CPU_SECONDS.matcher(out);
        if (Double.isNaN(total) || !c.find()) throw new IOException("plastimatch drr: no 'Total time' or CPU time in its output:\n" + out);
        return new Run(total, Double.parseDouble(c.group(1)) + Double.parseDouble(c.group(2)));
    }

    /** The first image of the last run, row-major size×size, in plastimatch's units (cm·μ/mm). */
    public float[] firstImage(int size) throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve("out0000.raw"));
        if (bytes.length != 4 * size * size) throw new IOException("plastimatch output: expected " + 4 * size * size + " bytes, got " + bytes.length);
        float[] img = new float[size * size];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(img);
        return img;
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%s", x);
    }

    @Override
    public void close() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
    }
}

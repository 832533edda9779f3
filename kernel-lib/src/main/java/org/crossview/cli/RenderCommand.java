package org.crossview.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.crossview.io.AtomicWrite;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.plot.Pictures;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;
import org.crossview.volume.Attenuation;
import org.crossview.volume.Nifti;
import org.crossview.volume.PelvisPhantom;
import org.crossview.volume.Volume;

/**
 * {@code crossview render}: one DRR of a CT (NIfTI in HU, or the embedded pelvis phantom) seen by a C-arm
 * at given LAO/cranial angles, written as a PNG (radiograph look: bone dark) and as raw float32 line
 * integrals with a JSON header giving the geometry.
 */
public final class RenderCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: crossview render (--ct FILE.nii[.gz] | --phantom) --out PREFIX [options]",
            "  writes PREFIX.png, PREFIX.raw (float32 little-endian, rows x cols, row-major: DRR = ∫μ ds) and PREFIX.json",
            "  volume:  --ct FILE      CT in Hounsfield units (NIfTI-1, qform/sform to LPS)",
            "           --phantom      the embedded procedural pelvis phantom  [--phantom-voxel-mm 2]",
            "           --mu-water 0.02  μ of water per mm;  --bone-multiplier 1  DiffPose-style bone boost",
            "  view:    --lao-deg 0  (+ LAO / − RAO)   --cranial-deg 0  (+ cranial / − caudal)",
            "           --isocentre x,y,z  LPS mm (default: the volume's centre)   --source-to-isocentre-mm 750",
            "  camera:  --size 256  pixels per side   --detector-mm 297.98  side of the detector (DeepFluoro: 1536 x 0.194 mm)",
            "           --source-to-detector-mm 1020",
            "  render:  --step 1.0  mm between samples   --backend auto|cpu|...");

    @Override
    public String name() {
        return "render";
    }

    @Override
    public String summary() {
        return "render a DRR of a CT or the phantom at a C-arm view (PNG + raw float32)";
    }

    @Override
    public int run(String[] args) throws Exception {
        Path ct = null, out = null;
        boolean phantom = false;
        double phantomVoxel = 2, muWater = Attenuation.MU_WATER_PER_MM, bone = 1, lao = 0, cranial = 0;
        double sourceToIso = CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM, detectorMm = 1536 * 0.194, sdd = 1020, step = 1;
        double[] iso = null;
        int size = 256;
        String backend = "auto";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--ct" -> ct = Path.of(Options.value(args, ++i, a));
                case "--phantom" -> phantom = true;
                case "--phantom-voxel-mm" -> phantomVoxel = Options.positive(Options.value(args, ++i, a), a);
                case "--out" -> out = Path.of(Options.value(args, ++i, a));
                case "--mu-water" -> muWater = Options.positive(Options.value(args, ++i, a), a);
                case "--bone-multiplier" -> bone = Options.positive(Options.value(args, ++i, a), a);
                case "--lao-deg" -> lao = Options.finite(Options.value(args, ++i, a), a);
                case "--cranial-deg" -> cranial = Options.finite(Options.value(args, ++i, a), a);
                case "--isocentre" -> iso = Options.vector3(Options.value(args, ++i, a), a);
                case "--source-to-isocentre-mm" -> sourceToIso = Options.positive(Options.value(args, ++i, a), a);
                case "--size" -> size = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--detector-mm" -> detectorMm = Options.positive(Options.value(args, ++i, a), a);
                case "--source-to-detector-mm" -> sdd = Options.positive(Options.value(args, ++i, a), a);
                case "--step" -> step = Options.positive(Options.value(args, ++i, a), a);
                case "--backend" -> backend = Options.value(args, ++i, a);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        if ((ct == null) == !phantom) throw new IllegalArgumentException("give exactly one of --ct FILE or --phantom\n" + USAGE);
        if (out == null) throw new IllegalArgumentException("--out: missing (the prefix of the files to write)\n" + USAGE);
        Options.requireWritableOutput(out.resolveSibling(out.getFileName() + ".png"), "--out");

        Volume hu;
        if (phantom) {
            System.err.printf(Locale.ROOT, "generating the pelvis phantom at %.2f mm ...%n", phantomVoxel);
            hu = PelvisPhantom.generate(phantomVoxel).hu();
        } else {
            System.err.println("reading " + ct + " ...");
            hu = Nifti.read(ct);
        }
        Volume mu = Attenuation.fromHu(hu, muWater, bone);
        Camera camera = Camera.centred(size, size, detectorMm / size, detectorMm / size, sdd);
        CArm rig = CArm.atIsocentre(iso != null ? iso : mu.centreLps(), sourceToIso);
        Rigid volFromCam = rig.volFromCam(lao, cranial);
        Image drr;
        String used;
        long t0 = System.nanoTime();
        try (Renderer r = Renderers.create(backend, mu, new RenderSettings(step))) {
            drr = r.render(camera, volFromCam);
            used = r.name();
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;

        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        String base = out.getFileName().toString();
        Path png = out.resolveSibling(base + ".png"), raw = out.resolveSibling(base + ".raw"), json = out.resolveSibling(base + ".json");
        Pictures.savePng(Pictures.grey(radiograph(drr), 0, 1), png);
        writeRaw(drr, raw);
        writeAtomically(json, header(drr, camera, volFromCam, lao, cranial, step, used, ct, phantom, muWater, bone, raw.getFileName().toString()));
        System.err.printf(Locale.ROOT, "rendered %dx%d in %.2f s (%s); DRR min %.4f max %.4f%n", size, size, seconds, used, drr.min(), drr.max());
        System.out.println(png);
        System.out.println(raw);
        System.out.println(json);
        return 0;
    }

    /**
     * A radiograph's look, bone dark: 1 − DRR windowed between its 1st and 99.5th percentiles (rays that miss
     * the volume would otherwise take the whole grey range).
     */
    static Image radiograph(Image drr) {
        float[] sorted = drr.data().clone();
        java.util.Arrays.sort(sorted);
        double lo = sorted[(int) (0.01 * (sorted.length - 1))], hi = sorted[(int) (0.995 * (sorted.length - 1))];
        double range = hi > lo ? hi - lo : 1;
        float[] v = new float[sorted.length];
        for (int i = 0; i < v.length; i++) v[i] = (float) Math.min(1, Math.max(0, (hi - drr.data()[i]) / range));
        return new Image(drr.cols(), drr.rows(), v);
    }

    static void writeRaw(Image im, Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4 * im.data().length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : im.data()) buf.putFloat(x);
        AtomicWrite.writeBytes(file, buf.array());
    }

    static void writeAtomically(Path file, String text) throws IOException {
        AtomicWrite.writeString(file, text);
    }

    private static String header(Image drr, Camera cam, Rigid volFromCam, double lao, double cranial, double step, String backend, Path ct,
            boolean phantom, double muWater, double bone, String rawName) {
        double[] k = cam.intrinsic(), t = volFromCam.toArray();
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < 16; i++) m.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.9g", t[i]));
        StringBuilder km = new StringBuilder();
        for (int i = 0; i < 9; i++) km.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.9g", k[i]));
        return String.format(Locale.ROOT, "{%n"
                + "  \"raw\": \"%s\", \"dtype\": \"float32\", \"byteOrder\": \"little-endian\", \"cols\": %d, \"rows\": %d,%n"
                + "  \"layout\": \"row-major, pixel (u, v) = (column, row) at index v*cols + u\",%n"
                + "  \"values\": \"DRR line integral of mu (dimensionless, log domain: intensity = I0*exp(-value))\",%n"
                + "  \"volume\": \"%s\", \"muWaterPerMm\": %s, \"boneMultiplier\": %s,%n"
                + "  \"laoDeg\": %s, \"cranialDeg\": %s, \"stepMm\": %s, \"backend\": \"%s\",%n"
                + "  \"sourceToDetectorMm\": %s, \"intrinsicRowMajor\": [%s],%n"
                + "  \"volFromCamRowMajor\": [%s],%n"
                + "  \"min\": %s, \"max\": %s%n}%n",
                rawName, drr.cols(), drr.rows(), phantom ? "pelvis phantom" : ct.toString().replace("\\", "/").replace("\"", "'"),
                muWater, bone, lao, cranial, step, backend, cam.sourceToDetectorMm(), km, m, drr.min(), drr.max());
    }
}

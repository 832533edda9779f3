package org.crossview.cli;

import java.nio.file.Path;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.plot.Pictures;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;
import org.crossview.volume.LandmarksCsv;
import org.crossview.volume.Nifti;
import org.crossview.volume.PelvisPhantom;
import org.crossview.volume.Phantom;

/** {@code crossview phantom}: writes the procedural pelvis phantom (HU) as NIfTI, with labels and landmarks. */
public final class PhantomCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: crossview phantom [--voxel-mm 2] [--out phantom.nii.gz] [--labels labels.nii.gz] [--landmarks landmarks.csv]",
            "                         [--preview-png phantom_ap.png]",
            "  Writes the embedded procedural pelvis CT in HU (float32 NIfTI-1, LPS geometry stored as RAS),",
            "  optionally its segmentation (DeepFluoro label numbers 1..7) and its 14 DeepFluoro landmarks",
            "  (CSV: name,x_lps_mm,y_lps_mm,z_lps_mm). The phantom is deterministic; 2 mm takes a few seconds.",
            "  --preview-png FILE also renders an AP DRR (C-arm AP view about (0, 0, 10) mm LPS, source 750 mm from it,",
            "  a 512x512 detector of 0.8 mm pixels 1020 mm from the source; line integrals, bone bright).");

    @Override
    public String name() {
        return "phantom";
    }

    @Override
    public String summary() {
        return "write the procedural pelvis phantom (HU, labels, landmarks) as NIfTI/CSV";
    }

    @Override
    public int run(String[] args) throws Exception {
        double voxelMm = 2;
        Path out = Path.of("phantom.nii.gz");
        Path labels = null, landmarks = null, preview = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--voxel-mm" -> voxelMm = parseVoxel(value(args, ++i, a));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--labels" -> labels = Path.of(value(args, ++i, a));
                case "--landmarks" -> landmarks = Path.of(value(args, ++i, a));
                case "--preview-png" -> preview = Path.of(value(args, ++i, a));
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        Options.requireWritableOutput(out, "--out");
        Options.requireWritableOutput(labels, "--labels");
        Options.requireWritableOutput(landmarks, "--landmarks");
        Options.requireWritableOutput(preview, "--preview-png");
        System.err.printf("generating the pelvis phantom at %.3g mm ...%n", voxelMm);
        long t0 = System.nanoTime();
        Phantom phantom = PelvisPhantom.generate(voxelMm);
        System.err.printf("  %s in %.1f s%n", phantom.hu(), (System.nanoTime() - t0) / 1e9);
        Nifti.write(out, phantom.hu());
        System.err.println("  wrote " + out);
        if (labels != null) {
            Nifti.write(labels, phantom.labels());
            System.err.println("  wrote " + labels);
        }
        if (landmarks != null) {
            LandmarksCsv.write(landmarks, phantom.landmarksLps());
            System.err.println("  wrote " + landmarks);
        }
        if (preview != null) {
            writePreview(phantom, preview);
            System.err.println("  wrote " + preview);
        }
        return 0;
    }

    /** The AP DRR of the phantom as a PNG, windowed on the 1 % and 99.8 % quantiles. */
    static void writePreview(Phantom phantom, Path png) throws java.io.IOException {
        Camera camera = Camera.centred(512, 512, 0.8, 0.8, 1020);
        Rigid volFromCam = CArm.atIsocentre(new double[] {0, 0, 10}).apVolFromCam();
        Image drr;
        try (Renderer renderer = Renderers.create("cpu", phantom.mu(), new RenderSettings(0.5))) {
            drr = renderer.render(camera, volFromCam);
        }
        float[] sorted = drr.data().clone();
        java.util.Arrays.sort(sorted);
        Pictures.savePng(Pictures.grey(drr, sorted[(int) (0.01 * sorted.length)], sorted[(int) (0.998 * sorted.length)]), png);
    }

    private static double parseVoxel(String s) {
        try {
            double v = Double.parseDouble(s);
            if (v >= 0.25 && v <= 20) return v;
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("--voxel-mm: expected a number in [0.25, 20], got '" + s + "'");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + ": missing value");
        return args[i];
    }
}

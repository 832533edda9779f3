package org.crossview.cli;

import java.nio.file.Path;
import java.util.Map;
import org.crossview.data.CaseSampler;
import org.crossview.data.SimulatedDataset;
import org.crossview.data.Segmentation;
import org.crossview.data.XraySimulator;
import org.crossview.geometry.Camera;
import org.crossview.volume.Attenuation;
import org.crossview.volume.LandmarksCsv;
import org.crossview.volume.Nifti;
import org.crossview.volume.PelvisPhantom;
import org.crossview.volume.Phantom;
import org.crossview.volume.Volume;

/** {@code crossview simulate}: a DeepFluoro-layout file of simulated multi-view X-rays of a CT. */
public final class SimulateCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: crossview simulate (--phantom [--voxel-mm 2] | --ct CT.nii.gz [--labels L.nii.gz] [--landmarks L.csv] [--bone-hu 300])",
            "                          --out FILE.h5 [--views N | --cases C --views-per-case V] [--seed S] [--size 192] [--name NAME]",
            "                          [--i0 1e4] [--blur-mm 0.5] [--supersample 2] [--step-mm 0.5] [--no-noise] [--backend auto]",
            "  Writes FILE.h5 in the DeepFluoro layout (raw intensities I0·exp(−DRR) with detector blur and Poisson noise,",
            "  gt poses with the CIOS Fusion extrinsic, 3D and 2D landmarks, gt-seg, rot-180-for-up) and FILE.json listing",
            "  the cases and their relative transforms. Views of a case: C-arm rotations 15–45° apart about the patient's",
            "  long axis; cases perturbed around AP; every other case stored upside down. --views N = one case of N views",
            "  (default: 4 cases of 3 views). --size S: the 1536² DeepFluoro detector binned to S² (default 192: 1.552 mm).",
            "  Without --labels, gt-seg marks rays crossing ≥ 2 mm of voxels above --bone-hu (label 1 'bone').");

    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public String summary() {
        return "simulate multi-view X-rays of a CT or the phantom into a DeepFluoro-layout .h5 (+ .json cases)";
    }

    @Override
    public int run(String[] args) throws Exception {
        boolean phantom = false, noise = true;
        Path ct = null, labels = null, landmarks = null, out = null;
        double voxelMm = 2, boneHu = 300, i0 = 1e4, blurMm = 0.5, stepMm = 0.5;
        int views = 0, cases = 4, perCase = 3, size = 192, supersample = 2;
        long seed = 0;
        String name = null, backend = "auto";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--phantom" -> phantom = true;
                case "--voxel-mm" -> voxelMm = Options.positive(Options.value(args, ++i, a), a);
                case "--ct" -> ct = Path.of(Options.value(args, ++i, a));
                case "--labels" -> labels = Path.of(Options.value(args, ++i, a));
                case "--landmarks" -> landmarks = Path.of(Options.value(args, ++i, a));
                case "--bone-hu" -> boneHu = Options.finite(Options.value(args, ++i, a), a);
                case "--out" -> out = Path.of(Options.value(args, ++i, a));
                case "--views" -> views = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--cases" -> cases = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--views-per-case" -> perCase = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--seed" -> seed = (long) Options.finite(Options.value(args, ++i, a), a);
                case "--size" -> size = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--name" -> name = Options.value(args, ++i, a);
                case "--i0" -> i0 = Options.positive(Options.value(args, ++i, a), a);
                case "--blur-mm" -> blurMm = Options.finite(Options.value(args, ++i, a), a);
                case "--supersample" -> supersample = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--step-mm" -> stepMm = Options.positive(Options.value(args, ++i, a), a);
                case "--no-noise" -> noise = false;
                case "--backend" -> backend = Options.value(args, ++i, a);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        if (phantom == (ct != null)) throw new IllegalArgumentException("give exactly one of --phantom and --ct FILE\n" + USAGE);
        if (out == null) throw new IllegalArgumentException("--out FILE.h5 is required\n" + USAGE);
        Options.requireWritableOutput(out, "--out");
        if (views > 0) {
            cases = 1;
            perCase = views;
        }
        SimulatedDataset.Source src = phantom ? phantomSource(voxelMm, name) : ctSource(ct, labels, landmarks, boneHu, name);
        Camera full = Camera.deepFluoroFullRes();
        Camera camera = full.cols() % size == 0 ? full.binned(full.cols() / size) : full.resized(size, size);
        SimulatedDataset.Settings s = new SimulatedDataset.Settings(camera, cases, perCase, seed,
                new XraySimulator.Settings(i0, 0.194, blurMm, supersample, noise), stepMm, 2.0, CaseSampler.Settings.defaults(), backend);
        System.err.printf("simulating %d case(s) × %d view(s) of %s, %s%n", cases, perCase, src.hu(), camera);
        SimulatedDataset.Result r = SimulatedDataset.simulate(src, s, Attenuation::fromHu, System.err::println);
        Path json = SimulatedDataset.write(out, r);
        System.err.println("wrote " + out + " and " + json);
        return 0;
    }

    private static SimulatedDataset.Source phantomSource(double voxelMm, String name) {
        System.err.printf("generating the pelvis phantom at %.3g mm ...%n", voxelMm);
        Phantom p = PelvisPhantom.generate(voxelMm);
        return new SimulatedDataset.Source(name == null ? "00-phantom" : name, p.hu(), Segmentation.of(p.labels(), Phantom.LABEL_NAMES), p.landmarksLps());
    }

    private static SimulatedDataset.Source ctSource(Path ct, Path labels, Path landmarks, double boneHu, String name) throws java.io.IOException {
        Volume hu = Nifti.read(ct);
        Segmentation seg;
        if (labels != null) {
            Volume l = Nifti.read(labels);
            if (l.nx() != hu.nx() || l.ny() != hu.ny() || l.nz() != hu.nz()) {
                throw new IllegalArgumentException("--labels: grid " + l + " differs from the CT's " + hu);
            }
            seg = Segmentation.of(l, Map.of());
        } else {
            float[] d = hu.data(), bone = new float[d.length];
            for (int i = 0; i < d.length; i++) bone[i] = d[i] > boneHu ? 1 : 0;
            seg = Segmentation.of(hu.withData(bone), Map.of(1, "bone"));
        }
        Map<String, double[]> lands = landmarks == null ? Map.of() : LandmarksCsv.read(landmarks);
        String base = ct.getFileName().toString().replaceFirst("\\.nii(\\.gz)?$", "");
        return new SimulatedDataset.Source(name == null ? base : name, hu, seg, lands);
    }
}

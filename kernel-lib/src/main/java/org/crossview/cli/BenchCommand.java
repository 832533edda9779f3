package org.crossview.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.crossview.render.Renderers;
import org.crossview.render.bench.BenchScene;
import org.crossview.render.bench.RenderBenchmark;
import org.crossview.volume.Attenuation;
import org.crossview.volume.Nifti;
import org.crossview.volume.PelvisPhantom;
import org.crossview.volume.Volume;

/** {@code crossview bench render}: renderer speed against plastimatch and the machine's gather limit. */
public final class BenchCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: crossview bench render [--json] [--backend cpu|joseph|joseph-scalar|cpu-noskip|opencl|opencl-noskip|opencl-image|siddon|all|cpu,joseph] [--scene synthetic,phantom|none]",
            "                              [--ct FILE.nii.gz]... [--sizes 128,256] [--volume 256|400x400x300] [--batch 8] [--step MM] [--seconds 2]",
            "                              [--rounds 3] [--air-hu HU] [--no-plastimatch]",
            "  Times DRRs/s and samples/s, forward and forward + pose gradient, on a synthetic smooth volume (--volume: N³ or",
            "  NXxNYxNZ voxels of 1 mm), the pelvis phantom at 1 mm and each --ct (a NIfTI in HU, turned into μ and centred),",
            "  and plastimatch drr (uniform and exact) on the same scenes in the same run: ratios to both by DRR/s and by CPU",
            "  time per DRR. Back ends other than cpu are also reported as speed ratios to cpu (*-noskip: without",
            "  empty-space skipping; joseph: the Java renderer sampling on the voxel planes, with 16-bit voxels, which ignores",
            "  --step, its rays in packets over vector lanes; joseph-scalar: the same one ray at a time). --step defaults to plastimatch's uniform step (0.75 of the smallest voxel spacing). Each sampling back end's image error is reported",
            "  as the relative RMS against the trilinear projector at 0.1 voxel (the batch's first two poses).",
            "  Every speed is the median over the --rounds, ours and plastimatch's alike (interleaved, one of each per round).",
            "  --air-hu: CT voxels below this HU count as air (μ = 0) for every renderer, plastimatch included; default none",
            "  (the plain HU → μ law, under which the noise in a CT's air, above −1000 HU, is not exactly 0).");

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "benchmarks: 'bench render' times the DRR renderers against plastimatch; 'bench loss' the similarities against a DRR; 'bench train' coarse-training throughput";
    }

    @Override
    public int run(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("loss")) return LossBench.run(Arrays.copyOfRange(args, 1, args.length));
        if (args.length > 0 && args[0].equals("train")) return TrainBench.run(Arrays.copyOfRange(args, 1, args.length));
        if (args.length == 0 || !args[0].equals("render")) {
            System.err.println(USAGE + "\n" + LossBench.USAGE + "\n" + TrainBench.USAGE);
            return args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")) ? 0 : 2;
        }
        boolean json = false, plastimatch = true;
        String backend = "cpu";
        int[] sizes = {128, 256};
        int[] volume = {256, 256, 256};
        int batch = 8, rounds = 3;
        double step = Double.NaN, seconds = 2;
        String scenes = "synthetic,phantom";
        List<Path> cts = new ArrayList<>();
        double airHu = Double.NaN;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--json" -> json = true;
                case "--no-plastimatch" -> plastimatch = false;
                case "--backend" -> backend = Options.value(args, ++i, a);
                case "--sizes" -> sizes = Arrays.stream(Options.value(args, ++i, a).split(",")).mapToInt(x -> Options.positiveInt(x, "--sizes")).toArray();
                case "--volume" -> volume = volumeShape(Options.value(args, ++i, a));
                case "--batch" -> batch = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--rounds" -> rounds = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--step" -> step = Options.positive(Options.value(args, ++i, a), a);
                case "--scene" -> scenes = Options.value(args, ++i, a);
                case "--air-hu" -> airHu = Options.finite(Options.value(args, ++i, a), a);
                case "--ct" -> {
                    Path f = Path.of(Options.value(args, ++i, a));
                    if (!Files.isRegularFile(f)) throw new IllegalArgumentException("--ct: no such file '" + f + "'");
                    cts.add(f);
                }
                case "--seconds" -> seconds = Options.positive(Options.value(args, ++i, a), a);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        List<String> backends = new ArrayList<>();
        for (String b : backend.split(",")) {
            if (b.equals("all")) {
                backends.addAll(Renderers.available());
            } else if (Renderers.known().contains(b) || b.equals(RenderBenchmark.UNSKIPPED) || b.equals(RenderBenchmark.OPENCL_UNSKIPPED)
                    || b.equals(RenderBenchmark.JOSEPH_SCALAR)) {
                backends.add(b); // one that cannot run here fails with its reason when it is made
            } else {
                throw new IllegalArgumentException("--backend: unknown '" + b + "' (known: " + String.join(", ", Renderers.known())
                        + ", all = those available here: " + String.join(", ", Renderers.available()) + "; or a comma-separated list)");
            }
        }
        for (String line : Renderers.describeAvailable()) System.err.println(line); // which devices the figures come from
        RenderBenchmark.Settings s = new RenderBenchmark.Settings(backends, sizes, batch, step, seconds, rounds, plastimatch);
        List<RenderBenchmark.Report> reports = new ArrayList<>();
        List<String> sceneNames = scenes.equals("none") ? List.of() : Arrays.asList(scenes.split(","));
        for (String scene : sceneNames) { // before any long work
            if (!scene.equals("synthetic") && !scene.equals("phantom")) {
                throw new IllegalArgumentException("--scene: unknown '" + scene + "' (expected synthetic, phantom, both comma-separated, or none)");
            }
        }
        for (String scene : sceneNames) {
            Volume vol;
            if (scene.equals("synthetic")) {
                System.err.printf("building the %dx%dx%d synthetic volume ...%n", volume[0], volume[1], volume[2]);
                vol = BenchScene.syntheticVolume(volume[0], volume[1], volume[2], 20250101L);
            } else {
                System.err.println("generating the pelvis phantom at 1 mm ...");
                vol = PelvisPhantom.generate(1.0).mu();
            }
            reports.add(RenderBenchmark.run(scene, vol, s, System.err));
            if (!json) System.out.print(RenderBenchmark.table(reports.get(reports.size() - 1)));
        }
        for (Path ct : cts) {
            System.err.println("reading " + ct + " (HU) ...");
            Volume hu = Nifti.read(ct);
            String label = ct.getFileName().toString();
            if (!Double.isNaN(airHu)) {
                hu = airBelow(hu, airHu);
                label += String.format(Locale.ROOT, " (HU < %.0f as air)", airHu);
            }
            reports.add(RenderBenchmark.run(label, BenchScene.centred(Attenuation.fromHu(hu)), s, System.err));
            if (!json) System.out.print(RenderBenchmark.table(reports.get(reports.size() - 1)));
        }
        if (json) System.out.print(RenderBenchmark.json(reports));
        return 0;
    }

    /** The CT with every voxel below {@code thresholdHu} set to air (−1000 HU, μ = 0). */
    static Volume airBelow(Volume hu, double thresholdHu) {
        float[] d = hu.data().clone();
        for (int i = 0; i < d.length; i++) {
            if (d[i] < thresholdHu) d[i] = -1000f;
        }
        return hu.withData(d);
    }

    /** "256" (cubic) or "400x400x300" (nx×ny×nz voxels). */
    static int[] volumeShape(String s) {
        String[] parts = s.trim().split("[x×]");
        if (parts.length == 1) {
            int n = Options.positiveInt(parts[0], "--volume");
            return new int[] {n, n, n};
        }
        if (parts.length != 3) throw new IllegalArgumentException("--volume: expected N or NXxNYxNZ, got '" + s + "'");
        return new int[] {Options.positiveInt(parts[0], "--volume"), Options.positiveInt(parts[1], "--volume"), Options.positiveInt(parts[2], "--volume")};
    }
}

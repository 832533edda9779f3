package org.crossview.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crossview.render.Renderers;
import org.crossview.render.bench.BenchScene;
import org.crossview.render.bench.RenderBenchmark;
import org.crossview.volume.PelvisPhantom;
import org.crossview.volume.Volume;

/** {@code crossview bench render}: renderer speed against plastimatch and the machine's gather limit. */
public final class BenchCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: crossview bench render [--json] [--backend cpu|opencl|opencl-image|siddon|all|cpu,opencl] [--scene synthetic,phantom] [--sizes 128,256]",
            "                              [--volume 256|400x400x300] [--batch 8] [--step 0.75] [--seconds 2] [--rounds 3] [--no-plastimatch]",
            "  Times DRRs/s and samples/s, forward and forward + pose gradient, on a synthetic smooth volume (--volume: N³ or",
            "  NXxNYxNZ voxels of 1 mm) and the pelvis phantom at 1 mm, and plastimatch drr (uniform, exact) on the same scenes",
            "  in the same run. Back ends other than cpu are also reported as speed ratios to cpu.",
            "  --step defaults to plastimatch's uniform step (0.75 voxel) so the ratio compares like with like.");

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
        double step = 0.75, seconds = 2;
        String scenes = "synthetic,phantom";
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
            } else if (Renderers.known().contains(b)) {
                backends.add(b); // one that cannot run here fails with its reason when it is made
            } else {
                throw new IllegalArgumentException("--backend: unknown '" + b + "' (known: " + String.join(", ", Renderers.known())
                        + ", all = those available here: " + String.join(", ", Renderers.available()) + "; or a comma-separated list)");
            }
        }
        for (String line : Renderers.describeAvailable()) System.err.println(line); // which devices the figures come from
        RenderBenchmark.Settings s = new RenderBenchmark.Settings(backends, sizes, batch, step, seconds, rounds, plastimatch);
        List<RenderBenchmark.Report> reports = new ArrayList<>();
        for (String scene : scenes.split(",")) {
            Volume vol;
            switch (scene) {
                case "synthetic" -> {
                    System.err.printf("building the %dx%dx%d synthetic volume ...%n", volume[0], volume[1], volume[2]);
                    vol = BenchScene.syntheticVolume(volume[0], volume[1], volume[2], 20250101L);
                }
                case "phantom" -> {
                    System.err.println("generating the pelvis phantom at 1 mm ...");
                    vol = PelvisPhantom.generate(1.0).mu();
                }
                default -> throw new IllegalArgumentException("--scene: unknown '" + scene + "' (expected synthetic, phantom or both, comma-separated)");
            }
            RenderBenchmark.Report report = RenderBenchmark.run(scene, vol, s, System.err);
            reports.add(report);
            if (!json) System.out.print(RenderBenchmark.table(report));
        }
        if (json) System.out.print(RenderBenchmark.json(reports));
        return 0;
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

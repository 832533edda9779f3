package org.crossview.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossview.coarse.CoarseRun;
import org.crossview.coarse.CtSource;
import org.crossview.coarse.bench.TrainBenchmark;

/** {@code crossview bench train}: coarse-training throughput and where a step's time goes, old path beside new. */
final class TrainBench {
    static final String USAGE = String.join("\n",
            "usage: crossview bench train [--phantom-voxel 2 | --data F.h5 [--specimen S] | --ct F.nii.gz] [--size 64] [--views 3] [--cases 3]",
            "                             [--backend auto] [--step-mm S] [--warmup 2] [--steps 5] [--rounds 2] [--paths before,after]",
            "  Trains the tutorial network with `crossview register`'s settings (CoarseRun.Options.tutorial()) once per trainer path,",
            "  round-robin in one run, and prints each phase's share of the step time, samples/s, CPU time per sample, the",
            "  speed-up of each path over the first, and how closely their losses agree (same seed, same batches).",
            "  Paths: before = the original trainer on the CT as it is; after = what `train` does now: batches prefetched on a",
            "  background thread, the convolutions as im2col and GEMMs (Im2colConvolution), and the CT averaged to",
            "  the network's pixel footprint and marched in footprint steps (TrainingVolume; a coarser loss, so its losses",
            "  differ from before's);",
            "  after-full-ct = after on the CT as it is; after-batched = after, the loss's DRRs and VJPs in one call per batch;",
            "  after-own-data = after, the data stream on its own renderer; after-nd4j2 = after, 2 ND4J threads;",
            "  after-conv2d-bp = after, the convolutions' backward pass by libnd4j's conv2d_bp; after-loss-binned / after-loss-full = after,",
            "  the loss's images binned 2× (DRRs and VJPs at 32² for 64²) / at the network's size; after-keypoints = after with the",
            "  keypoint head (12 CT keypoints, train --net tutorial:kp12): its loss renders nothing; after-default = after with",
            "  train's default network (" + org.crossview.coarse.CoarseRun.Options.DEFAULT_NET + "): what a user's `train` runs;",
            "  after-default-layers = after-default with the step's forward and backward pass through DL4J's layers instead of",
            "  DirectTrainingPass; after-default-dl4j-bn = after-default-layers with DL4J's own batch normalisation instead of the",
            "  Java one (BatchNormTraining);",
            "  batched, prefetch, fused = one change each on top of before.");

    private TrainBench() {}

    static int run(String[] args) throws Exception {
        CoarseRun.Options d = CoarseRun.Options.tutorial();
        int size = d.inputSize(), views = d.views(), cases = d.casesPerBatch(), warmup = 2, steps = 5, rounds = 2;
        double phantomVoxel = 2, stepMm = 0;
        String backend = d.backend(), data = null, specimen = null, ctFile = null, paths = "before,after";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--phantom-voxel" -> phantomVoxel = Options.positive(Options.value(args, ++i, a), a);
                case "--data" -> data = Options.value(args, ++i, a);
                case "--specimen" -> specimen = Options.value(args, ++i, a);
                case "--ct" -> ctFile = Options.value(args, ++i, a);
                case "--size" -> size = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--views" -> views = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--cases" -> cases = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--backend" -> backend = Options.value(args, ++i, a);
                case "--step-mm" -> stepMm = Options.positive(Options.value(args, ++i, a), a);
                case "--warmup" -> warmup = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--steps" -> steps = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--rounds" -> rounds = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--paths" -> paths = Options.value(args, ++i, a);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        if (data != null && ctFile != null) throw new IllegalArgumentException("--data and --ct: give at most one");
        if (specimen != null && data == null) throw new IllegalArgumentException("--specimen: only with --data");
        List<TrainBenchmark.Config> configs = new ArrayList<>();
        for (String p : paths.split(",")) configs.add(TrainBenchmark.Config.byName(p.trim()));
        CtSource ct;
        if (data != null) {
            if (!Files.isRegularFile(Path.of(data))) throw new IllegalArgumentException("--data: no such file " + data);
            ct = CtSource.deepFluoro(Path.of(data), specimen);
        } else if (ctFile != null) {
            if (!Files.isRegularFile(Path.of(ctFile))) throw new IllegalArgumentException("--ct: no such file " + ctFile);
            ct = CtSource.nifti(Path.of(ctFile), null);
        } else {
            System.err.printf("bench train: generating the pelvis phantom at %.1f mm ...%n", phantomVoxel);
            ct = CtSource.phantom(phantomVoxel);
        }
        TrainBenchmark.Settings s = new TrainBenchmark.Settings(size, views, cases, backend, stepMm, warmup, steps, rounds, configs);
        System.out.print(TrainBenchmark.table(TrainBenchmark.run(ct, s, System.err)));
        return 0;
    }
}

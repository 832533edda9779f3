package org.crossview.cli;

import org.crossview.loss.bench.LossBenchmark;

/** {@code crossview bench loss}: similarity + gradient time as a fraction of one DRR's render time. */
final class LossBench {
    static final String USAGE = String.join("\n",
            "usage: crossview bench loss [--backend cpu|opencl] [--size 256] [--volume 256] [--step 0.75] [--seconds 2] [--rounds 3]",
            "  Times each image similarity with its gradient on two DRRs of size² and one DRR's render (one pose per call),",
            "  in the same run, and prints the ratios.");

    private LossBench() {}

    static int run(String[] args) {
        String backend = "cpu";
        int size = 256, volume = 256, rounds = 3;
        double step = 0.75, seconds = 2;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--backend" -> backend = Options.value(args, ++i, a);
                case "--size" -> size = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--volume" -> volume = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--rounds" -> rounds = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--step" -> step = Options.positive(Options.value(args, ++i, a), a);
                case "--seconds" -> seconds = Options.positive(Options.value(args, ++i, a), a);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        LossBenchmark.Report r = LossBenchmark.run(new LossBenchmark.Settings(backend, size, volume, step, seconds, rounds), System.err);
        System.out.print(LossBenchmark.table(r));
        return 0;
    }
}

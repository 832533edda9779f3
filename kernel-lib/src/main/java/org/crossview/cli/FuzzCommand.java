package org.crossview.cli;

import java.util.Locale;
import org.crossview.fuzz.FuzzTally;
import org.crossview.fuzz.NoNanFuzzer;

/** {@code crossview fuzz}: the NaN fuzzer ({@link NoNanFuzzer}) over many random cases; exit 1 on any failure. */
public final class FuzzCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: crossview fuzz [--count 10000] [--seed 1] [--first 0] [--opencl-every 20]",
            "  Drives --count random cases (each a new small volume, cameras, poses, images and masks, many of them",
            "  degenerate) through the renderer, every similarity and its gradient, the pose distances, the cross-view",
            "  terms, the coarse loss, the refinement objective and one refinement step. Every output must be finite or",
            "  a clear IllegalArgumentException; a failure prints its case seed. --first: index of the first case (with",
            "  --count 1, re-runs one failing case). --opencl-every N: also the OpenCL renderer on every N-th case",
            "  (0 = never; skipped with a message when there is no OpenCL device).");

    @Override
    public String name() {
        return "fuzz";
    }

    @Override
    public String summary() {
        return "NaN fuzzing: random and degenerate inputs through renderer, losses and refinement; every output finite or a clear error";
    }

    @Override
    public int run(String[] args) {
        int count = 10_000, first = 0, openClEvery = 20;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--count" -> count = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--seed" -> seed = parseLong(Options.value(args, ++i, a), a);
                case "--first" -> first = nonNegativeInt(Options.value(args, ++i, a), a);
                case "--opencl-every" -> openClEvery = nonNegativeInt(Options.value(args, ++i, a), a);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        NoNanFuzzer fuzzer = new NoNanFuzzer(new NoNanFuzzer.Settings(seed, count, first, openClEvery));
        System.err.println(fuzzer.openClStatus());
        System.err.printf(Locale.ROOT, "fuzz: %d cases from index %d, seed %d%n", count, first, seed);
        long start = System.nanoTime();
        FuzzTally tally = fuzzer.run(System.err, 10);
        double seconds = (System.nanoTime() - start) * 1e-9;
        for (FuzzTally.Failure f : tally.failures()) {
            System.out.println(f);
            System.out.printf(Locale.ROOT, "    reproduce: crossview fuzz --seed %d --first %d --count 1%n", seed, f.caseIndex());
        }
        System.out.print(tally.summary());
        System.out.printf(Locale.ROOT, "fuzz: %d cases (indices %d..%d), seed %d, %d evaluations, %d failures, %.1f s%n", count, first,
                first + count - 1, seed, tally.evaluations(), tally.failures().size(), seconds);
        return tally.failures().isEmpty() ? 0 : 1;
    }

    private static long parseLong(String s, String option) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": expected an integer, got '" + s + "'");
        }
    }

    private static int nonNegativeInt(String s, String option) {
        try {
            int v = Integer.parseInt(s.trim());
            if (v >= 0) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": expected an integer ≥ 0, got '" + s + "'");
    }
}

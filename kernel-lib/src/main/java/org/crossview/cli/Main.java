package org.crossview.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Entry point of the {@code crossview} launcher: dispatches to one {@link Command}. */
public final class Main {
    private Main() {}

    /**
     * Every command: kernel-lib's own, then those other modules register through {@link ServiceLoader}
     * (data-fetch's {@code fetch}; it depends on kernel-lib, so it cannot be listed here), sorted by name.
     */
    static List<Command> commands() {
        List<Command> all = new ArrayList<>(builtIn());
        for (Command c : ServiceLoader.load(Command.class)) all.add(c);
        all.sort(Comparator.comparing(Command::name));
        return all;
    }

    /** kernel-lib's commands, one line each (keep sorted by name). */
    static List<Command> builtIn() {
        return List.of(
                new BenchCommand(),
                new DoctorCommand(),
                new EvaluateCommand(),
                new FuzzCommand(),
                new ImportCommand(),
                new OverlayCommand(),
                new PhantomCommand(),
                new PredictCommand(),
                new RegisterCommand(),
                new RobustnessCommand(),
                new RenderCommand(),
                new SimulateCommand(),
                new SweepCommand(),
                new TrainCommand(),
                new TransferAblationCommand()
        );
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printHelp();
            return args.length == 0 ? 2 : 0;
        }
        for (Command c : commands()) {
            if (c.name().equals(args[0])) {
                try {
                    return c.run(Arrays.copyOfRange(args, 1, args.length));
                } catch (IllegalArgumentException | java.io.IOException e) {
                    System.err.println("crossview " + c.name() + ": " + e.getMessage());
                    return 1;
                } catch (Exception e) {
                    System.err.println("crossview " + c.name() + ": " + e);
                    e.printStackTrace();
                    return 1;
                }
            }
        }
        System.err.println("crossview: unknown command '" + args[0] + "'");
        printHelp();
        return 2;
    }

    private static void printHelp() {
        System.out.println("usage: crossview <command> [options]   (crossview <command> --help for its options)");
        System.out.println();
        System.out.println("commands:");
        for (Command c : commands()) System.out.printf("  %-10s %s%n", c.name(), c.summary());
    }
}

package org.crossview.cli;

/** Small parsers for command-line option values; every error names the option. */
final class Options {
    private Options() {}

    /** The value after option {@code args[i - 1]}. */
    /** Fails with "OPTION: no such file PATH" unless {@code file} is null (an optional option not given) or a regular file. */
    static void requireFileIfGiven(java.nio.file.Path file, String option) {
        if (file != null && !java.nio.file.Files.isRegularFile(file)) throw new IllegalArgumentException(option + ": no such file " + file);
    }

    static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + ": missing value");
        return args[i];
    }

    static double finite(String s, String option) {
        try {
            double v = Double.parseDouble(s.trim());
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": expected a number, got '" + s + "'");
    }

    static double positive(String s, String option) {
        double v = finite(s, option);
        if (v > 0) return v;
        throw new IllegalArgumentException(option + ": expected a positive number, got '" + s + "'");
    }

    static int positiveInt(String s, String option) {
        try {
            int v = Integer.parseInt(s.trim());
            if (v > 0) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": expected a positive integer, got '" + s + "'");
    }

    /** Three comma-separated numbers, e.g. "0,10,-5". */
    static double[] vector3(String s, String option) {
        String[] parts = s.split(",");
        if (parts.length != 3) throw new IllegalArgumentException(option + ": expected three comma-separated numbers, got '" + s + "'");
        return new double[] {finite(parts[0], option), finite(parts[1], option), finite(parts[2], option)};
    }
}

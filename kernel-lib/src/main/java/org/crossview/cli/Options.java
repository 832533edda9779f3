package org.crossview.cli;

/** Small parsers for command-line option values; every error names the option. */
final class Options {
    private Options() {}

    /** Fails with "OPTION: no such file PATH" unless {@code file} is null (an optional option not given) or a regular file. */
    static void requireFileIfGiven(java.nio.file.Path file, String option) {
        if (file != null && !java.nio.file.Files.isRegularFile(file)) throw new IllegalArgumentException(option + ": no such file " + file);
    }

    /**
     * Fails with "OPTION PATH: cannot write there: REASON" unless {@code file} (null: not given) can be written:
     * not under /proc, /sys or /dev, not a directory, not a read-only file, and its folder exists or can be made,
     * and is writable. Creates nothing; meant for every output before any long work.
     */
    static void requireWritableOutput(java.nio.file.Path file, String option) {
        if (file == null) return;
        String why = whyUnwritable(file.toAbsolutePath().normalize());
        if (why != null) throw new IllegalArgumentException(option + " " + file + ": cannot write there: " + why);
    }

    private static String whyUnwritable(java.nio.file.Path abs) {
        for (String system : new String[] {"/proc", "/sys", "/dev"}) {
            if (abs.startsWith(system)) return "it is under " + system + ", a kernel file system, not a place for files";
        }
        if (java.nio.file.Files.isDirectory(abs)) return "it is a directory (give a file name inside it)";
        if (java.nio.file.Files.exists(abs) && !java.nio.file.Files.isWritable(abs)) return "the file exists and is read-only";
        java.nio.file.Path folder = abs.getParent();
        while (folder != null && !java.nio.file.Files.exists(folder)) folder = folder.getParent();
        if (folder == null) return "none of its folders exists";
        if (!java.nio.file.Files.isDirectory(folder)) return folder + " is a file, not a folder";
        if (!java.nio.file.Files.isWritable(folder)) {
            return folder.equals(abs.getParent()) ? "its folder " + folder + " is not writable" : "its folder cannot be made: " + folder + " is not writable";
        }
        return null;
    }

    /** The value after option {@code args[i - 1]}. */
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

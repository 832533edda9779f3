package org.crossview.notebook.exercises;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The checkers' verdicts: a wrong answer throws an {@link AssertionError} whose message names the call, the expected
 * value and where it came from (analytic, finite differences, the library), and the value the student's code gave.
 */
final class Expect {
    private Expect() {}

    /** Runs the student's code; an exception it throws (the stub's "your code here") becomes the check's failure. */
    static <T> T call(String call, Supplier<T> code) {
        T result;
        try {
            result = code.get();
        } catch (AssertionError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AssertionError(call + " threw " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        if (result == null) throw new AssertionError(call + " returned null");
        return result;
    }

    static void near(String what, double expected, double actual, double tolerance, String hint) {
        if (!(Math.abs(expected - actual) <= tolerance)) fail(what + " should be " + num(expected) + ", got " + num(actual), hint);
    }

    /** Every component within {@code tolerance}; the message names the first component that is not. */
    static void near(String what, String[] names, double[] expected, double[] actual, double tolerance, String hint) {
        if (actual.length != expected.length) fail(what + " should have " + expected.length + " values, got " + actual.length, hint);
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance)) {
                fail(what + ": " + names[i] + " should be " + num(expected[i]) + ", got " + num(actual[i]) + " (all: expected "
                        + vec(expected) + ", got " + vec(actual) + ")", hint);
            }
        }
    }

    static void fail(String message, String hint) {
        throw new AssertionError(hint == null ? message : message + " — " + hint);
    }

    static void pass(String summary) {
        System.out.println("✓ correct: " + summary);
    }

    static String num(double x) {
        return String.format(Locale.ROOT, "%.6g", x);
    }

    static String vec(double[] x) {
        String[] s = new String[x.length];
        for (int i = 0; i < x.length; i++) s[i] = num(x[i]);
        return "(" + String.join(", ", s) + ")";
    }

    static String[] indexNames(String prefix, int n) {
        String[] s = new String[n];
        for (int i = 0; i < n; i++) s[i] = prefix + "[" + i + "]";
        return s;
    }

    static double maxAbs(double[] x) {
        return Arrays.stream(x).map(Math::abs).max().orElse(0);
    }

    static final String[] XI = {"∂/∂ωx", "∂/∂ωy", "∂/∂ωz", "∂/∂vx", "∂/∂vy", "∂/∂vz"};
}

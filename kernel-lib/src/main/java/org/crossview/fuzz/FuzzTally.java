package org.crossview.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the fuzzer saw: per component, how many evaluations ran and how many of them were rejected with a
 * clear {@link IllegalArgumentException} (the accepted answer to invalid input); the failures (a NaN/∞ output,
 * or any other exception), each with the seed that reproduces it; and how often each rejection reason came up
 * (numbers masked, so that the same check groups together).
 */
public final class FuzzTally {
    /** One failure: the component, the case that made it and why it failed. */
    public record Failure(String component, int caseIndex, long caseSeed, String scene, String problem) {
        @Override
        public String toString() {
            return component + " failed on case " + caseIndex + " (case seed " + caseSeed + "): " + problem + "\n    scene: " + scene;
        }
    }

    private final Map<String, long[]> counts = new TreeMap<>(); // component → {evaluations, rejected}
    private final Map<String, Integer> reasons = new TreeMap<>();
    private final List<Failure> failures = new ArrayList<>();

    void passed(String component) {
        counts.computeIfAbsent(component, k -> new long[2])[0]++;
    }

    void rejected(String component, String message) {
        long[] c = counts.computeIfAbsent(component, k -> new long[2]);
        c[0]++;
        c[1]++;
        reasons.merge(component + ": " + message.replaceAll("-?\\d[\\d.,eE+-]*", "#"), 1, Integer::sum);
    }

    void failed(Failure f) {
        counts.computeIfAbsent(f.component(), k -> new long[2])[0]++;
        failures.add(f);
    }

    public long evaluations() {
        long n = 0;
        for (long[] c : counts.values()) n += c[0];
        return n;
    }

    /** Evaluations per component. */
    public Map<String, Long> evaluationsByComponent() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }

    /** Evaluations rejected with an IllegalArgumentException, per component. */
    public Map<String, Long> rejectedByComponent() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v[1]));
        return out;
    }

    /** Rejection messages (numbers masked as #) and how often each came up. */
    public Map<String, Integer> rejectionReasons() {
        return new TreeMap<>(reasons);
    }

    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** The summary table: evaluations and rejections per component, then the rejection reasons. */
    public String summary() {
        StringBuilder sb = new StringBuilder(String.format("%-28s %12s %10s%n", "component", "evaluations", "rejected"));
        counts.forEach((k, v) -> sb.append(String.format("%-28s %12d %10d%n", k, v[0], v[1])));
        sb.append(String.format("%-28s %12d%n", "total", evaluations()));
        sb.append("rejections (IllegalArgumentException, numbers as #):\n");
        reasons.forEach((k, v) -> sb.append(String.format("  %6d  %s%n", v, k.length() > 160 ? k.substring(0, 160) + "…" : k)));
        return sb.toString();
    }
}

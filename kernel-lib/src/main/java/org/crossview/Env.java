package org.crossview;

import java.util.Locale;
import java.util.Set;

/** Settings from environment variables, as the notebooks' settings cells read them (e.g. {@code FULL=1}). */
public final class Env {
    private Env() {}

    private static final Set<String> OFF = Set.of("", "0", "false", "no", "off");

    /** Whether the variable is set to anything but empty, 0, false, no or off (case-insensitive). */
    public static boolean flag(String name) {
        return isOn(System.getenv(name));
    }

    /** Whether a variable's value (null when unset) means "on". */
    static boolean isOn(String value) {
        return value != null && !OFF.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    /** The variable's value, or {@code fallback} when it is unset or blank. */
    public static String get(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}

package org.crossview.loss;

import org.crossview.geometry.Rigid;

/** Argument checks of the multi-view losses. */
final class Checks {
    private Checks() {}

    static void poses(String what, Rigid[] poses, int views) {
        if (poses == null) throw new IllegalArgumentException(what + ": required");
        if (poses.length != views) throw new IllegalArgumentException(what + ": " + poses.length + " poses for " + views + " views");
        for (int i = 0; i < poses.length; i++) if (poses[i] == null) throw new IllegalArgumentException(what + ": pose " + i + " is null");
    }

    static void finite(String what, double value) {
        if (!Double.isFinite(value)) throw new IllegalStateException(what + " is not finite (" + value + ")");
    }
}

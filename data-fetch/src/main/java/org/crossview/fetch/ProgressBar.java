package org.crossview.fetch;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line text progress bar (carriage return updates, at most ~4 per second). */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastNanos;

    private final long startBytes;

    /** @param startBytes bytes already present (a resumed transfer): excluded from the rate */
    ProgressBar(PrintStream out, String label, long total, long startBytes) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.startBytes = startBytes;
    }

    void update(long bytes) {
        long now = System.nanoTime();
        if (now - lastNanos < 250_000_000L) return;
        lastNanos = now;
        out.print("\r" + line(bytes, now));
        out.flush();
    }

    void finish(long bytes) {
        out.println("\r" + line(bytes, System.nanoTime()));
    }

    private String line(long bytes, long now) {
        double s = Math.max(1e-9, (now - startNanos) * 1e-9);
        String rate = Downloader.bytes((long) ((bytes - startBytes) / s)) + "/s";
        if (total <= 0) return String.format(Locale.ROOT, "%s  %s  %s", label, Downloader.bytes(bytes), rate);
        double f = Math.min(1, (double) bytes / total);
        int filled = (int) Math.round(f * WIDTH);
        return String.format(Locale.ROOT, "%s [%s%s] %5.1f%%  %s / %s  %s", label, "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * f,
                Downloader.bytes(bytes), Downloader.bytes(total), rate);
    }

}

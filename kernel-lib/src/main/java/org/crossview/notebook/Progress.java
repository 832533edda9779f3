package org.crossview.notebook;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A log for notebook cells that run long work (training, sweeps, refinements). The kernel sends every write as its own
 * output fragment, and library code formats lines piecewise; this stream passes on whole lines only. Progress lines
 * (those matching {@link #PROGRESS}: "step 40/150 …", "iteration 20 …") replace each other on one line ('\r', as a
 * terminal or Jupyter shows it); any other line ends the progress line first and follows on its own.
 */
public final class Progress extends PrintStream {
    /** Lines that report how far a run has got. */
    public static final Pattern PROGRESS = Pattern.compile("^\\s*(step|iteration|trial|sweep|case)\\s+\\d+.*");

    private Progress(LineSink sink) {
        super(sink, true, StandardCharsets.UTF_8);
    }

    /** A progress log writing to {@code target} (in a notebook: {@code Progress.to(System.out)}). */
    public static Progress to(PrintStream target) {
        if (target == null) throw new IllegalArgumentException("target: a stream is needed");
        return new Progress(new LineSink(target));
    }

    /** Ends an open progress line (the stream stays usable). */
    public void done() {
        flush();
        ((LineSink) out).endProgress();
    }

    @Override
    public void close() {
        done();
    }

    private static final class LineSink extends OutputStream {
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private int progressWidth = -1;   // width of the open progress line, -1 when none is open

        LineSink(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') emit();
            else line.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) write(b[i]);
        }

        private void emit() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
            if (PROGRESS.matcher(text).matches()) {
                // padded to the previous width, so that a shorter line leaves no tail of the longer one
                String padded = progressWidth > text.length() ? text + " ".repeat(progressWidth - text.length()) : text;
                target.print("\r" + padded);
                progressWidth = text.length();
            } else {
                endProgress();
                target.print(text + "\n");
            }
            target.flush();
        }

        synchronized void endProgress() {
            if (line.size() > 0) emit();
            if (progressWidth >= 0) {
                target.print("\n");
                target.flush();
                progressWidth = -1;
            }
        }
    }
}

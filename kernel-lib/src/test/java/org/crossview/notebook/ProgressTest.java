package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

    /** Records each write the target receives: what the notebook kernel turns into one output fragment each. */
    private static final class Writes extends PrintStream {
        final List<String> writes = new ArrayList<>();

        Writes() {
            super(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        }

        @Override
        public void print(String s) {
            writes.add(s);
        }

        String text() {
            return String.join("", writes);
        }
    }

    @Test
    void piecewiseFormattedLinesArriveWhole() {
        Writes target = new Writes();
        Progress log = Progress.to(target);
        log.printf("coarse: CT %s, μ %dx%d%n", "phantom", 180, 130);   // a Formatter writes this in many pieces
        assertEquals(List.of("coarse: CT phantom, μ 180x130\n"), target.writes);
    }

    @Test
    void progressLinesReplaceEachOtherAndOtherLinesEndThem() {
        Writes target = new Writes();
        Progress log = Progress.to(target);
        log.println("step 10/30  loss 2.5000  ~1 min left");
        log.println("step 20/30  loss 1.2");
        log.println("coarse: model written");
        log.println("iteration  20  level 0");
        log.done();
        String expected = "\rstep 10/30  loss 2.5000  ~1 min left"
                + "\rstep 20/30  loss 1.2" + " ".repeat("step 10/30  loss 2.5000  ~1 min left".length() - "step 20/30  loss 1.2".length())
                + "\ncoarse: model written\n"
                + "\riteration  20  level 0\n";
        assertEquals(expected, target.text());
        // what a terminal or Jupyter shows: the last state of each line
        List<String> shown = new ArrayList<>();
        for (String line : target.text().split("\n")) shown.add(line.substring(line.lastIndexOf('\r') + 1).strip());
        assertEquals(List.of("step 20/30  loss 1.2", "coarse: model written", "iteration  20  level 0"), shown);
    }

    @Test
    void doneFlushesAnUnterminatedLine() {
        Writes target = new Writes();
        Progress log = Progress.to(target);
        log.print("no newline yet");
        assertEquals(List.of(), target.writes);
        log.done();
        assertEquals("no newline yet\n", target.text());
    }
}

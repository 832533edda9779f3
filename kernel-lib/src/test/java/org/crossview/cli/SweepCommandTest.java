package org.crossview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SweepCommandTest {
    @Test
    void dryRunPrintsThePaperPlansNinetyTasksAndTheirResources() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            assertEquals(0, new SweepCommand().run(new String[] {"--dry-run", "../plans/ablation-paper.json"}));
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(90, out.lines().filter(l -> l.matches("\\[\\d+] .*")).count(), out);
        assertEquals(90, out.lines().filter(l -> l.trim().startsWith("crossview transfer-ablation ")).count());
        assertTrue(out.contains("90 tasks (specimen 6 × variant 5 × seed 3)"), out);
        assertTrue(out.contains("8 CPUs, 32768 MB, 1 GPU, 720 min"), out);
    }

    @Test
    void badOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SweepCommand().run(new String[] {"../plans/ablation-paper.json", "--executor", "pbs"}));
        assertTrue(e.getMessage().contains("--executor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SweepCommand().run(new String[] {"--dry-run"}));
        assertTrue(e.getMessage().contains("plan file"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SweepCommand().run(new String[] {"no-such-plan.json", "--dry-run"}));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }
}

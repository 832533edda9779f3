package org.crossview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad command lines fail fast with a message naming the option, before any CT is loaded or rendered. */
class TrainCommandTest {

    private static String fail(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> new TrainCommand().run(args)).getMessage();
    }

    @Test
    void badArgumentsAreNamed(@TempDir Path dir) {
        String out = dir.resolve("m.zip").toString();
        assertTrue(fail("--phantom").contains("--out"));
        assertTrue(fail("--out", out).contains("exactly one of"));
        assertTrue(fail("--phantom", "--data", "x.h5", "--out", out).contains("exactly one of"));
        assertTrue(fail("--phantom", "--out", out, "--weights", "1,2,3").contains("--weights"));
        assertTrue(fail("--phantom", "--out", out, "--weights", "0,0,0,0").contains("--weights"));
        assertTrue(fail("--phantom", "--out", out, "--steps", "0").contains("--steps"));
        assertTrue(fail("--phantom", "--out", out, "--lr", "abc").contains("--lr"));
        assertTrue(fail("--phantom", "--out", out, "--bogus").contains("unknown option"));
        assertTrue(fail("--phantom", "--out", out, "--landmarks", "l.csv").contains("--landmarks"));
        assertTrue(fail("--phantom", "--out", out, "--domain-rand", "all,-bogus").contains("--domain-rand"));
    }

    @Test
    void transferAblationChecksItsVariantsBeforeTraining(@TempDir Path dir) throws Exception {
        Path data = java.nio.file.Files.createFile(dir.resolve("empty.h5"));
        String out = dir.resolve("t.csv").toString();
        TransferAblationCommand c = new TransferAblationCommand();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.run(new String[] {"--out", out})).getMessage().contains("--data"));
        String m = assertThrows(IllegalArgumentException.class, () -> c.run(new String[] {"--data", data.toString(), "--out", out, "--variants", "all;al"}))
                .getMessage();
        assertTrue(m.startsWith("--domain-rand"), m);
        assertEquals("all_no-objects_no-scatter", TransferAblationCommand.slug("all,-objects,-scatter"));
    }

    @Test
    void helpIsNotAnError() throws Exception {
        assertEquals(0, new TrainCommand().run(new String[] {"--help"}));
        assertEquals(0, new PredictCommand().run(new String[] {"--help"}));
    }

    @Test
    void predictNeedsItsInputs() {
        String m = assertThrows(IllegalArgumentException.class, () -> new PredictCommand().run(new String[] {"--model", "m.zip"})).getMessage();
        assertTrue(m.contains("--data"), m);
    }
}

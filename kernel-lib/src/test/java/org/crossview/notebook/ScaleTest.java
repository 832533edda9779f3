package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleTest {
    @AfterEach
    void clear() {
        System.clearProperty("crossview.full");
        System.clearProperty("crossview.home");
    }

    @Test
    void fullIsSwitchedByThePropertyAndPicksThePaperValue() {
        System.setProperty("crossview.full", "yes");
        assertTrue(Scale.full());
        assertEquals("paper", Scale.pick("tutorial", "paper"));
        System.setProperty("crossview.full", "0");
        assertFalse(Scale.full());
        assertEquals("tutorial", Scale.pick("tutorial", "paper"));
        assertFalse(Scale.truthy(null));
        assertFalse(Scale.truthy(" Off "));
        assertTrue(Scale.truthy(" TRUE "));
        assertTrue(Scale.truthy("2"));
    }

    @Test
    void cacheLivesUnderBuildOfTheCheckout(@TempDir Path home) throws Exception {
        System.setProperty("crossview.home", home.toString());
        Path d = Scale.cacheDir("coarse");
        assertEquals(home.resolve("build/cache/coarse").toAbsolutePath(), d);
        assertTrue(Files.isDirectory(d));
    }
}

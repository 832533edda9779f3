package org.crossview.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.crossview.image.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PicturesTest {
    @Test
    void windowMapsLowToBlackAndHighToWhite() {
        Image im = new Image(3, 1, new float[] {-5, 10, 30});
        BufferedImage p = Pictures.grey(im, 0, 20);
        assertEquals(0, p.getRGB(0, 0) & 0xff);
        assertEquals(128, p.getRGB(1, 0) & 0xff);
        assertEquals(255, p.getRGB(2, 0) & 0xff);
    }

    @Test
    void pointIsDrawnAtItsPixelAfterEnlargement() {
        Image im = new Image(8, 8);
        BufferedImage p = Pictures.enlarge(Pictures.grey(im, 0, 1), 4);
        BufferedImage marked = Pictures.withPoints(p, Map.of("A", new double[] {5, 2}), 4, Color.RED, false);
        // pixel (5,2) spans [20,24) x [8,12); its centre (22,10) must be red, a far corner untouched
        assertEquals(Color.RED.getRGB(), marked.getRGB(22, 10));
        assertEquals(0, marked.getRGB(0, 31) & 0xffffff);
    }

    @Test
    void checkerboardAlternatesSources() {
        Image a = new Image(4, 4), b = new Image(4, 4);
        java.util.Arrays.fill(b.data(), 1f);
        Image c = Pictures.checkerboard(a, b, 2);
        assertEquals(0f, c.get(0, 0));
        assertEquals(1f, c.get(2, 0));
        assertEquals(1f, c.get(0, 2));
        assertEquals(0f, c.get(3, 3));
        assertThrows(IllegalArgumentException.class, () -> Pictures.checkerboard(a, new Image(2, 2), 1));
    }

    @Test
    void pngRoundTripLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        BufferedImage strip = Pictures.strip(List.of(Pictures.grey(new Image(5, 5), 0, 1), Pictures.grey(new Image(7, 3), 0, 1)), List.of("a", "b"));
        Path f = Pictures.savePng(strip, dir.resolve("sub/x.png"));
        BufferedImage back = ImageIO.read(f.toFile());
        assertEquals(strip.getWidth(), back.getWidth());
        try (var files = Files.list(f.getParent())) {
            assertEquals(1, files.count());
        }
        assertNotEquals(0, Files.size(f));
        assertTrue(Charts.picture(Charts.line("t", "x", "y", "s", new double[] {0, 1}, new double[] {1, 2})).getWidth() > 0);
    }
}

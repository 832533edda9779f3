package org.crossview.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.crossview.image.Image;
import org.junit.jupiter.api.Test;

class PictureMapsTest {
    @Test
    void divergingIsWhiteAtZeroRedAbovePositiveAndBlueBelowNegative() {
        Image im = new Image(4, 1, new float[] {0, 2, -2, 1});
        BufferedImage p = Pictures.diverging(im, 2);
        assertEquals(0xffffff, p.getRGB(0, 0) & 0xffffff);
        assertEquals(0xff0000, p.getRGB(1, 0) & 0xffffff);
        assertEquals(0x0000ff, p.getRGB(2, 0) & 0xffffff);
        int half = p.getRGB(3, 0);
        assertEquals(255, (half >> 16) & 0xff);
        assertEquals(128, (half >> 8) & 0xff, 1);
        assertEquals(2.0, Pictures.maxAbs(im), 0);
        assertThrows(IllegalArgumentException.class, () -> Pictures.diverging(im, 0));
    }

    @Test
    void heatRunsFromDarkBlueToYellowAndClips() {
        Color lo = Pictures.heatColour(0), hi = Pictures.heatColour(1);
        assertTrue(lo.getBlue() > lo.getRed() && lo.getGreen() < 10, "dark blue-violet at 0: " + lo);
        assertTrue(hi.getRed() > 240 && hi.getGreen() > 220 && hi.getBlue() < 60, "yellow at 1: " + hi);
        assertEquals(hi, Pictures.heatColour(5));
        assertEquals(lo, Pictures.heatColour(Double.NaN));
        BufferedImage p = Pictures.heat(new Image(2, 1, new float[] {10, 20}), 10, 20);
        assertEquals(lo.getRGB() & 0xffffff, p.getRGB(0, 0) & 0xffffff);
        assertEquals(hi.getRGB() & 0xffffff, p.getRGB(1, 0) & 0xffffff);
    }

    @Test
    void labelsTintOnlyLabelledPixels() {
        BufferedImage grey = Pictures.grey(new Image(2, 1, new float[] {0, 0}), 0, 1);
        BufferedImage tinted = Pictures.withLabels(Pictures.enlarge(grey, 2), new Image(2, 1, new float[] {0, 3}), 1.0, 2);
        assertEquals(0, tinted.getRGB(1, 1) & 0xffffff, "label 0 untouched");
        assertEquals(Pictures.labelColour(3).getRGB() & 0xffffff, tinted.getRGB(3, 1) & 0xffffff, "label 3 in its colour");
        assertThrows(IllegalArgumentException.class, () -> Pictures.withLabels(grey, new Image(3, 1), 0.5, 1), "size mismatch");
        assertThrows(IllegalArgumentException.class, () -> Pictures.labelColour(0));
    }

    @Test
    void gridLaysPicturesOutInRows() {
        BufferedImage a = new BufferedImage(10, 20, BufferedImage.TYPE_INT_RGB);
        BufferedImage g = Pictures.grid(List.of(a, a, a), List.of("1", "2", "3"), 2);
        BufferedImage row = Pictures.strip(List.of(a, a), List.of("1", "2"));
        assertEquals(row.getWidth(), g.getWidth());
        assertEquals(2 * row.getHeight(), g.getHeight());
        assertThrows(IllegalArgumentException.class, () -> Pictures.grid(List.of(a), null, 0));
        BufferedImage legend = Pictures.legend(Map.of("bone", Color.RED));
        assertTrue(legend.getWidth() > 20 && legend.getHeight() >= 18);
    }
}

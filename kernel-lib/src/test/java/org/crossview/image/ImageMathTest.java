package org.crossview.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageMathTest {
    @Test
    void differencesAndSummariesByHand() {
        Image a = new Image(2, 2, new float[] {1, 2, 3, 4});
        Image b = new Image(2, 2, new float[] {1, 0, 3, 8});
        assertArrayEquals(new float[] {0, 2, 0, -4}, ImageMath.difference(a, b).data());
        assertEquals(Math.sqrt((1 + 4 + 9 + 16) / 4.0), ImageMath.rms(a), 1e-12);
        assertEquals(Math.sqrt(20.0 / (1 + 9 + 64)), ImageMath.relativeRmsDifference(a, b), 1e-12);
        assertEquals(4, ImageMath.maxAbsDifference(a, b), 0);
        assertEquals(0, ImageMath.relativeRmsDifference(a, a), 0);
        assertTrue(Double.isNaN(ImageMath.relativeRmsDifference(a, new Image(2, 2))));
        assertThrows(IllegalArgumentException.class, () -> ImageMath.difference(a, new Image(1, 4)));
    }
}

package org.crossview.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code bench render --volume}: N (cubic) or NXxNYxNZ, and a clear error otherwise. */
class BenchVolumeShapeTest {
    @Test
    void cubicAndBoxShapes() {
        assertArrayEquals(new int[] {256, 256, 256}, BenchCommand.volumeShape("256"));
        assertArrayEquals(new int[] {400, 400, 300}, BenchCommand.volumeShape("400x400x300"));
        assertArrayEquals(new int[] {40, 30, 20}, BenchCommand.volumeShape("40×30×20"));
    }

    @Test
    void badShapesNameTheOption() {
        for (String bad : new String[] {"400x300", "0", "axbxc", "-5x2x2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchCommand.volumeShape(bad));
            assertTrue(e.getMessage().startsWith("--volume"), e.getMessage());
        }
    }
}

package org.crossview.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PoseShiftTest {
    @Test
    void parsesTheCommandLineValuesAndNamesTheOptionOtherwise() {
        assertEquals(DeepFluoroGeometry.PoseShift.NONE, DeepFluoroGeometry.PoseShift.parse("none", "--pose-shift"));
        assertEquals(DeepFluoroGeometry.PoseShift.MINUS_HALF_MM, DeepFluoroGeometry.PoseShift.parse("minus-half-mm", "--pose-shift"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeepFluoroGeometry.PoseShift.parse("half", "--pose-shift"));
        assertTrue(e.getMessage().startsWith("--pose-shift: expected none or minus-half-mm, got 'half'"), e.getMessage());
    }
}

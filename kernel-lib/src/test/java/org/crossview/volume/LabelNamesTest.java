package org.crossview.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The phantom's labels-def follows the published DeepFluoro file: hyphenated names (DESIGN.md §8). */
class LabelNamesTest {
    @Test
    void labelNamesAreHyphenatedAsInTheRealFile() {
        assertEquals("left-hemipelvis", Phantom.LABEL_NAMES.get(Phantom.LEFT_HEMIPELVIS)); // verified in the real file
        assertEquals(7, Phantom.LABEL_NAMES.size());
        for (String name : Phantom.LABEL_NAMES.values()) assertTrue(name.matches("[a-z]+(-[a-z]+)*"), "'" + name + "'");
    }
}

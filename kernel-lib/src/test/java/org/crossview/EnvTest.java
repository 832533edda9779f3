package org.crossview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EnvTest {
    @Test
    void flagValues() {
        for (String off : new String[] {null, "", " ", "0", "false", "No", "OFF"}) assertFalse(Env.isOn(off), "off: " + off);
        for (String on : new String[] {"1", "true", "yes", "full", " 2 "}) assertTrue(Env.isOn(on), "on: " + on);
    }

    @Test
    void unsetVariablesFallBack() {
        assertEquals("fallback", Env.get("CROSSVIEW_SURELY_UNSET_VARIABLE_42", "fallback"));
        assertFalse(Env.flag("CROSSVIEW_SURELY_UNSET_VARIABLE_42"));
    }
}

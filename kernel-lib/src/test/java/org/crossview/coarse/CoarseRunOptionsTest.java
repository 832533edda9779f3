package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class CoarseRunOptionsTest {
    @Test
    void aBuilderCopyChangesOnlyWhatItIsTold() {
        CoarseRun.Options o = CoarseRun.Options.tutorial().toBuilder().translation(PoseParameterisation.Translation.CENTRE).build();
        assertEquals(o, o.toBuilder().build(), "an unchanged copy equals the original");

        CoarseRun.Options c = o.toBuilder().steps(7).seed(42).evaluation(3, 96).build();
        assertEquals(7, c.steps());
        assertEquals(42, c.seed());
        assertEquals(3, c.evalCases());
        assertEquals(96, c.evalSize());
        // Every other field, the translation parameterisation included (the old copies reset it to the default).
        assertEquals(o.toBuilder().steps(o.steps()).seed(o.seed()).evaluation(o.evalCases(), o.evalSize()).build(), o);
        assertEquals(PoseParameterisation.Translation.CENTRE, c.translation());
        assertEquals(o.weights(), c.weights());
        assertEquals(o.domainRand(), c.domainRand());
        assertNotEquals(o, c);
    }

    @Test
    void withDomainRandKeepsTheRest() {
        CoarseRun.Options o = CoarseRun.Options.tutorial();
        CoarseRun.Options d = o.withDomainRand("none");
        assertEquals("none", d.domainRand());
        assertEquals(o, d.withDomainRand(o.domainRand()));
    }

    @Test
    void trainingSpreadsOverTheRecordedCarmAnglesWhenThereAreSome() {
        CoarseRun.Options t = CoarseRun.Options.tutorial();
        CoarseRun.Options o = t.forCarmAnglesDeg(java.util.Map.of("000", -27.83, "001", 0.4, "002", 22.51));
        assertEquals(t.sampling() + ",orbit=-27.9..22.6", o.sampling(), "rounded outwards");
        double[] range = PoseSampling.parse(o.sampling()).orbitRangeRad();
        assertEquals(PoseSampling.Orbit.turnOfCarmDegrees(22.6), range[0], 1e-12);
        assertEquals(PoseSampling.Orbit.turnOfCarmDegrees(-27.9), range[1], 1e-12);
        assertEquals(t, t.forCarmAnglesDeg(java.util.Map.of()), "no angles: unchanged");
        CoarseRun.Options given = t.toBuilder().sampling("wide,orbit=45").build();
        assertEquals(given, given.forCarmAnglesDeg(java.util.Map.of("000", 80.0)), "an orbit given by the user is kept");
    }
}

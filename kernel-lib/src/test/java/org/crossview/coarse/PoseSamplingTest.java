package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.crossview.geometry.Rigid;
import org.junit.jupiter.api.Test;

class PoseSamplingTest {

    @Test
    void wideIsTheParsedDefaultAndScales() {
        PoseSampling w = PoseSampling.parse("wide");
        assertEquals(PoseSampling.wide().describe(), w.describe());
        PoseSampling.Gaussian half = (PoseSampling.Gaussian) PoseSampling.parse("wide:0.5");
        assertEquals(0.125, half.rotationSdRad()[0], 1e-12);
        assertEquals(25, half.translationSdMm()[2], 1e-12);
        assertEquals(0.25, half.tailFraction(), 0);
        assertThrows(IllegalArgumentException.class, () -> PoseSampling.parse("narrow"));
        assertThrows(IllegalArgumentException.class, () -> new PoseSampling.Gaussian(new double[] {1, 1, 1}, new double[] {1, 1, 1}, 1.5, 2));
    }

    /** A scale mixture (1 − f)·N(0, σ²) + f·N(0, (kσ)²) has variance σ²·(1 − f + f·k²). */
    @Test
    void tailsWidenTheSpreadAsTheMixtureVarianceSays() {
        PoseSampling.Gaussian g = (PoseSampling.Gaussian) PoseSampling.wide();
        SplittableRandom rng = new SplittableRandom(7);
        int n = 40_000;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double t = g.sample(rng).translation()[2];
            sumSq += t * t;
        }
        double expected = g.translationSdMm()[2] * Math.sqrt(1 - g.tailFraction() + g.tailFraction() * g.tailScale() * g.tailScale());
        assertEquals(expected, Math.sqrt(sumSq / n), 0.02 * expected);
    }

    @Test
    void extentIsOneAtThreeSdOfTheWidestComponent() {
        PoseSampling.Gaussian g = (PoseSampling.Gaussian) PoseSampling.wide();
        assertEquals(0, g.extent(Rigid.identity()), 1e-12);
        double edge = 3 * g.tailScale() * g.rotationSdRad()[0];
        assertEquals(1, g.extent(Rigid.rotation(new double[] {1, 0, 0}, edge)), 1e-9);
        assertEquals(0.5, g.extent(Rigid.translation(0, 0, 1.5 * g.tailScale() * g.translationSdMm()[2])), 1e-9);
        PoseSampling plain = PoseSampling.diffPoseLike();
        assertEquals(1, plain.extent(Rigid.translation(3 * 70, 0, 0)), 1e-9);
        PoseSampling u = PoseSampling.xvrLike();
        assertEquals(1, u.extent(Rigid.rotation(new double[] {0, 1, 0}, Math.toRadians(45))), 1e-9);
    }

    @Test
    void almostEverySampleLiesInsideItsExtent() {
        for (PoseSampling s : new PoseSampling[] {PoseSampling.wide(), PoseSampling.diffPoseLike(), PoseSampling.xvrLike()}) {
            SplittableRandom rng = new SplittableRandom(3);
            int inside = 0, n = 5000;
            for (int i = 0; i < n; i++) if (s.extent(s.sample(rng)) <= 1) inside++;
            assertTrue(inside > 0.97 * n, s.describe() + ": only " + inside + " of " + n + " samples inside extent 1");
        }
    }

    @Test
    void supportAccountsForTheCArmTurnOfEachView() {
        TrainingSupport support = new TrainingSupport(PoseSampling.diffPoseLike(), ViewLayout.of(3));
        Rigid caseOffset = Rigid.rotation(new double[] {0, 0, 1}, 0.1).compose(Rigid.translation(20, 0, 0));
        // The outer view of a 3-view case 40° apart sits 40° about y from the case pose: far for the sampling alone.
        Rigid view = caseOffset.compose(Rigid.rotation(new double[] {0, 1, 0}, Math.toRadians(40)));
        double alone = PoseSampling.diffPoseLike().extent(view);
        assertTrue(alone > 1, "40° about y is outside DiffPose's 0.2 rad sd alone: " + alone);
        double withLayout = support.extent(view);
        assertTrue(withLayout < 0.5, "the layout explains the C-arm turn: extent " + withLayout);
        // Turned upside down (180° in plane) is outside whatever the layout does.
        assertTrue(support.extent(Rigid.rotation(new double[] {0, 0, 1}, Math.PI)) > 1);
    }
}

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

    @Test
    void anOrbitTurnsTheCArmUniformlyOverItsRangeAndItsExtentForgivesAnyAngleInIt() {
        PoseSampling o = PoseSampling.parse("wide:0.5,orbit=90");
        assertEquals(Math.PI / 2, o.orbitRangeRad()[1], 1e-12);
        assertEquals(-Math.PI / 2, o.orbitRangeRad()[0], 1e-12);
        assertEquals(0, PoseSampling.wide().orbitRangeRad()[1]);
        // The C-arm angle of a sample, from its view axis R·e_z = R_patient·(sin θ, 0, cos θ): uniform over ±90° when the
        // patient's spread is small, so each 30° bin holds about a sixth of the samples.
        PoseSampling narrow = new PoseSampling.Orbit(PoseSampling.wide().scaled(0.01), -Math.PI / 2, Math.PI / 2);
        SplittableRandom rng = new SplittableRandom(5);
        int n = 6000;
        int[] bins = new int[6];
        for (int i = 0; i < n; i++) {
            double[] r = narrow.sample(rng).rotation();
            double deg = Math.toDegrees(Math.atan2(r[2], r[8]));
            assertTrue(Math.abs(deg) < 91, "angle outside the orbit: " + deg);
            bins[Math.min(5, (int) ((deg + 90) / 30))]++;
        }
        for (int b : bins) assertEquals(n / 6.0, b, 5 * Math.sqrt(n / 6.0), "30° bins of a uniform angle: " + java.util.Arrays.toString(bins));
        // A lateral view of an unmoved patient is inside; the same pose turned in plane by 90° or shifted 300 mm is not.
        Rigid lateral = Rigid.rotation(new double[] {0, 1, 0}, Math.toRadians(85));
        assertTrue(o.extent(lateral) < 0.05, "lateral view: " + o.extent(lateral));
        assertTrue(PoseSampling.wide().extent(lateral) > 0.95, "without the orbit a lateral view is at the edge: " + PoseSampling.wide().extent(lateral));
        assertTrue(o.extent(lateral.compose(Rigid.rotation(new double[] {0, 0, 1}, Math.PI / 2))) > 1);
        assertTrue(o.extent(Rigid.translation(300, 0, 0).compose(lateral)) > 1);
        // Beyond the orbit's end by 60° is outside even with the spread's tails.
        assertTrue(o.extent(Rigid.rotation(new double[] {0, 1, 0}, Math.toRadians(150))) > 1);
        int inside = 0;
        for (int i = 0; i < 2000; i++) if (o.extent(o.sample(rng)) <= 1) inside++;
        assertTrue(inside > 0.97 * 2000, "samples inside their own extent: " + inside);
        assertThrows(IllegalArgumentException.class, () -> PoseSampling.parse("wide,orbit=x"));
        assertThrows(IllegalArgumentException.class, () -> PoseSampling.parse("wide,orbit=0"));
        assertThrows(IllegalArgumentException.class, () -> PoseSampling.parse("wide,tilt=10"));
        assertEquals(Math.PI / 2, PoseSampling.parse("wide,orbit=90").scaled(0.5).orbitRangeRad()[1], 1e-12, "scaling keeps the orbit");
        assertThrows(IllegalArgumentException.class, () -> PoseSampling.parse("wide,orbit=30..-30"));
        assertThrows(IllegalArgumentException.class, () -> PoseSampling.parse("wide,orbit=-200..0"));
    }

    @Test
    void anOrbitBetweenCarmAnglesCoversTheViewsOfACarmAtThoseAngles() {
        // C-arm angles as the sidecars give them (LAO +), against CArm's own poses: a view at LAO α of a patient at the
        // isocentre is the reference (AP) turned by the orbit's θ(α); views inside the range are inside, outside are not.
        double[] iso = {10, -20, 30};
        PoseParameterisation param = CoarseRun.Options.tutorial().parameterisation(iso);
        org.crossview.geometry.CArm carm = org.crossview.geometry.CArm.atIsocentre(iso, org.crossview.geometry.CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM);
        for (double lao : new double[] {-80, -25, 0, 40}) {
            Rigid relative = param.relativeOf(carm.volFromCam(lao, 0));
            Rigid expected = PoseSampling.Orbit.turn(PoseSampling.Orbit.turnOfCarmDegrees(lao));
            assertTrue(relative.maxAbsDiff(expected) < 1e-9, "LAO " + lao + "°: " + relative + " vs " + expected);
        }
        PoseSampling o = PoseSampling.parse("gaussian,orbit=-60..10");
        PoseSampling narrowSpread = PoseSampling.diffPoseLike();
        assertTrue(o.extent(param.relativeOf(carm.volFromCam(-55, 0))) < 0.05);
        assertTrue(o.extent(param.relativeOf(carm.volFromCam(5, 0))) < 0.05);
        assertTrue(o.extent(param.relativeOf(carm.volFromCam(70, 0))) > 1, "LAO 70° is 60° beyond the range");
        assertTrue(narrowSpread.extent(param.relativeOf(carm.volFromCam(-55, 0))) > 1);
        assertTrue(o.describe().contains("from -60° to 10°"), o.describe());
    }

    /** The prior of the keypoint fit: each component's sd (ω by log of the rotation, t) against 40,000 draws. */
    @Test
    void spreadSdIsTheSdOfEachDrawnComponent() {
        PoseSampling uniformSmall = new PoseSampling.Uniform(new double[] {0.1, 0.2, 0.15}, new double[] {50, 50, 150});
        for (PoseSampling s : new PoseSampling[] {PoseSampling.wide(), PoseSampling.diffPoseLike(), uniformSmall}) {
            SplittableRandom rng = new SplittableRandom(11);
            int n = 40_000;
            double[] sumSq = new double[6];
            for (int i = 0; i < n; i++) {
                Rigid d = s.sample(rng);
                double[] w = org.crossview.geometry.Rotations.logSO3(d.rotation()), t = d.translation();
                for (int a = 0; a < 3; a++) {
                    sumSq[a] += w[a] * w[a];
                    sumSq[3 + a] += t[a] * t[a];
                }
            }
            double[] sd = s.spreadSd();
            // Uniform Euler angles stand for the axis-angle components (exact to first order): a looser bound there.
            double tol = s instanceof PoseSampling.Uniform ? 0.05 : 0.025;
            for (int a = 0; a < 6; a++) {
                double measured = Math.sqrt(sumSq[a] / n);
                assertEquals(1, measured / sd[a], tol, s.describe() + " component " + a + ": drawn sd " + measured + " vs " + sd[a]);
            }
        }
        // An orbit's turn is not part of the spread: the fit takes the C-arm angle out before the prior.
        PoseSampling orbit = PoseSampling.parse("wide,orbit=60");
        org.junit.jupiter.api.Assertions.assertArrayEquals(PoseSampling.wide().spreadSd(), orbit.spreadSd(), 0);
    }
}

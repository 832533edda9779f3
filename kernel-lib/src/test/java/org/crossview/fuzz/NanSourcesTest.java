package org.crossview.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;
import org.crossview.loss.PatchNcc;
import org.crossview.loss.PoseDistances;
import org.crossview.loss.PoseTerm;
import org.crossview.refine.Pyramid;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

/** One test per NaN/∞ source the fuzzer found: each gave NaN, ∞ or an unnamed exception before its fix. */
class NanSourcesTest {

    private static Image random(Random r, int cols, int rows) {
        float[] x = new float[cols * rows];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return new Image(cols, rows, x);
    }

    /** Patch NCC with a mask of tiny weights left every window out: 0/0. Scaling a mask must change nothing. */
    @Test
    void patchNccIsInvariantToTheMaskScaleDownToTinyWeights() {
        Random r = new Random(1);
        Image a = random(r, 20, 16), b = random(r, 20, 16);
        float[] m = new float[a.data().length], tiny = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = r.nextBoolean() ? 1f : 0f;
            tiny[i] = 1e-30f * m[i];
        }
        PatchNcc ncc = new PatchNcc(5);
        float[] g1 = new float[m.length], g2 = new float[m.length];
        double s1 = ncc.evaluate(a, b, new Image(20, 16, m), g1), s2 = ncc.evaluate(a, b, new Image(20, 16, tiny), g2);
        assertEquals(s1, s2, 1e-9);
        for (int i = 0; i < m.length; i++) assertEquals(g1[i], g2[i], 1e-5 * (Math.abs(g1[i]) + 1e-6), "gradient at pixel " + i);
    }

    /** With ε below the box sums' rounding a flat window's NCC was a ratio of rounding errors (|NCC| up to 1e13). */
    @Test
    void patchNccRejectsAnEpsilonBelowRoundingAndStaysWithinOneAtTheFloor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PatchNcc(3, 0));
        assertTrue(e.getMessage().startsWith("epsRel"), e.getMessage());
        int cols = 24, rows = 24;
        float[] a = new float[cols * rows], b = new float[cols * rows];
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                a[v * cols + u] = 1e3f * ((u / 4 + v / 4) % 2); // 4×4 blocks: most 3×3 windows are flat
                b[v * cols + u] = 7f * (((u + 1) / 4 + v / 4) % 2) - 2f;
            }
        }
        float[] g = new float[a.length];
        double s = new PatchNcc(3, PatchNcc.MIN_EPS_REL).evaluate(new Image(cols, rows, a), new Image(cols, rows, b), null, g);
        assertTrue(Math.abs(s) <= 1, "patch NCC " + s);
        for (float x : g) assertTrue(Float.isFinite(x));
    }

    private static Volume cube(float mu) {
        float[] d = new float[64];
        java.util.Arrays.fill(d, mu);
        return new Volume(4, 4, 4, new double[] {1, 1, 1}, new double[] {-1.5, -1.5, -1.5}, d);
    }

    /** μ near Float.MAX_VALUE made DRRs of ∞ and gradients of NaN (∞ − ∞). */
    @Test
    void rendererRejectsAttenuationThatWouldOverflowFloat() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CpuRenderer(cube(3e38f), RenderSettings.defaults()));
        assertTrue(e.getMessage().startsWith("mu:"), e.getMessage());
    }

    /**
     * A step tiny against the source-to-volume distance overflowed the int sample index: samples outside the volume's
     * memory (ArrayIndexOutOfBoundsException). Now a named error; a small step that fits still renders the line integral.
     */
    @Test
    void rendererRejectsSampleIndicesBeyondAnIntAndRendersSmallStepsThatFit() {
        Camera far = Camera.centred(1, 1, 1, 1, 1e6);
        Rigid volFromCam = Rigid.translation(0, 0, 5e5); // the cube's centre is 5e5 mm in front of the source
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CpuRenderer(cube(0.02f), new RenderSettings(1e-4)).render(far, volFromCam));
        assertTrue(e.getMessage().startsWith("stepMm"), e.getMessage());
        // Trilinear μ through the cube's axis: 0.02 over 3 mm between the outer centres, ramps of 1 mm on both ends = 4μ.
        float drr = new CpuRenderer(cube(0.02f), new RenderSettings(1e-2)).render(far, volFromCam).get(0, 0);
        assertEquals(0.08, drr, 1e-4);
    }

    /** The double geodesic's rotation gradient c²φ/value overflowed for sdd beyond ~1e154 mm. */
    @Test
    void doubleGeodesicGradientIsFiniteForAHugeSourceToDetectorDistance() {
        double c = 0.5e300;
        PoseTerm t = PoseDistances.doubleGeodesic(1e300).evaluate(Rigid.exp(0, 0, 0.1, 0, 0, 0), Rigid.identity());
        assertEquals(c * 0.1, t.value(), 1e-12 * c * 0.1);
        // value = c·θ, so ∂/∂ω = c·(unit axis of R̂): (0, 0, c).
        assertEquals(c, t.gradient()[2], 1e-12 * c);
        assertEquals(0, t.gradient()[0], 1e-12 * c);
    }

    /** Translations of 1e300 mm squared to ∞ in every pose distance. */
    @Test
    void poseDistancesRejectAbsurdTranslations() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoseDistances.logSe3().evaluate(Rigid.translation(1e300, 0, 0), Rigid.identity()));
        assertTrue(e.getMessage().contains("translation"), e.getMessage());
        assertTrue(Double.isFinite(PoseDistances.translation().evaluate(Rigid.translation(1e99, 0, 0), Rigid.translation(-1e99, 0, 0)).value()));
    }

    /** exp of a rotation beyond ~1e154 rad (θ² = ∞) was a NaN pose. */
    @Test
    void se3ExpRejectsNonFiniteAndOverflowingTangents() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rigid.exp(1e200, 0, 0, 0, 0, 0));
        assertTrue(e.getMessage().startsWith("xi"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Rigid.exp(0, 0, 0, Double.NaN, 0, 0));
        assertTrue(Double.isFinite(Rigid.exp(1e100, 0, 0, 1e300, 0, 0).log()[3]));
    }

    /** A pyramid level of a one-pixel view failed in Camera with "image size must be positive, got 0x0". */
    @Test
    void pyramidNamesTheBinningOfATooSmallView() {
        CaseView view = CaseView.single("v", Camera.centred(1, 1, 1, 1, 1000), new Image(1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pyramid.level(view, 0, 2));
        assertTrue(e.getMessage().startsWith("binning"), e.getMessage());
    }
}

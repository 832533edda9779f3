package org.crossview.coarse.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;

/** The physics of the training images, each against its analytic answer. */
class XrayPhysicsTest {
    private static final Camera CAMERA = Camera.deepFluoroFullRes().resized(32, 32);

    @Test
    void fallOffIsCosCubedOfTheRayAngle() {
        float[] f = FallOff.cosPower(CAMERA, 3);
        double sdd = CAMERA.sourceToDetectorMm(), ps = CAMERA.pixelColSpacingMm();
        for (int[] p : new int[][] {{0, 0}, {31, 5}, {16, 16}, {7, 29}}) {
            double r = Math.hypot((p[0] - CAMERA.cx()) * ps, (p[1] - CAMERA.cy()) * CAMERA.pixelRowSpacingMm());
            double cos = sdd / Math.sqrt(sdd * sdd + r * r);
            assertEquals(cos * cos * cos, f[p[1] * 32 + p[0]], 1e-6, "pixel " + p[0] + "," + p[1]);
        }
        // At the DeepFluoro detector's corner (≈ 207 mm off-axis at 1020 mm, cos θ ≈ 0.98) the fall-off is about 6 %.
        assertTrue(f[0] < 0.95 && f[0] > 0.93, "corner " + f[0]);
        float[] flat = FallOff.cosPower(CAMERA, 0);
        for (float v : flat) assertEquals(1, v, 0);
    }

    @Test
    void heelGradientIsExponentialAlongItsDirection() {
        double h = 0.3;
        float[] g = FallOff.heel(21, 11, 0, h);
        // Along +u: the ends are at t = ±10/hypot(10, 5).
        double t = 10 / Math.hypot(10, 5);
        assertEquals(Math.exp(h * t), g[5 * 21 + 20], 1e-6);
        assertEquals(Math.exp(-h * t), g[5 * 21], 1e-6);
        assertEquals(1, g[3 * 21 + 10], 1e-6, "no gradient across the direction");
    }

    @Test
    void poissonSamplesHaveMeanAndVarianceLambda() {
        for (double lambda : new double[] {0.7, 5, 40, 300, 5000}) {
            SplittableRandom rng = new SplittableRandom(7);
            int n = 200_000;
            double s = 0, s2 = 0;
            int zeros = 0;
            for (int i = 0; i < n; i++) {
                double x = PhotonNoise.sample(lambda, rng);
                assertEquals(Math.rint(x), x, 0, "whole counts");
                s += x;
                s2 += x * x;
                if (x == 0) zeros++;
            }
            double mean = s / n, var = s2 / n - mean * mean;
            // 5 standard errors of the mean, and of the variance (≈ λ·√(2/n) for large λ, plus the skew term for small)
            assertEquals(lambda, mean, 5 * Math.sqrt(lambda / n), "mean at λ = " + lambda);
            assertEquals(lambda, var, 5 * Math.sqrt((2 * lambda * lambda + lambda) / n), "variance at λ = " + lambda);
            if (lambda < PhotonNoise.EXACT_BELOW) assertEquals(Math.exp(-lambda), zeros / (double) n, 5 * Math.sqrt(Math.exp(-lambda) / n), "P(0) at λ = " + lambda);
        }
        assertEquals(0, PhotonNoise.sample(0, new SplittableRandom(1)));
    }

    @Test
    void cylinderChordIsTheAnalyticChordLength() {
        // Axis along y through (x0, 0, −500) in the camera frame; the ray along −z at the origin meets it off-centre.
        double r = 3, x0 = 1.8, mu = 0.7;
        AttenuatingObjects.Cylinder c = new AttenuatingObjects.Cylinder(new double[] {x0, 0, -500}, new double[] {0, 1, 0}, 40, r, mu);
        assertEquals(2 * Math.sqrt(r * r - x0 * x0), c.chordMm(new double[] {0, 0, -1000}), 1e-9);
        // This ray passes 4.2 mm from the axis (|x0·1000 − 500·12|/|d|): outside the radius.
        assertEquals(0, c.chordMm(new double[] {12, 0, -1000}), 0);
        // Along the axis (degenerate quadratic): the whole length, capped by the ends.
        AttenuatingObjects.Cylinder along = new AttenuatingObjects.Cylinder(new double[] {0, 0, -500}, new double[] {0, 0, 1}, 25, r, mu);
        assertEquals(50, along.chordMm(new double[] {0, 0, -1000}), 1e-9);
        // Oblique through the axis: 2r/sin(angle between ray and axis).
        double angle = Math.toRadians(50);
        AttenuatingObjects.Cylinder tilted = new AttenuatingObjects.Cylinder(new double[] {0, 0, -500}, new double[] {Math.sin(angle), 0, Math.cos(angle)}, 100, r, mu);
        assertEquals(2 * r / Math.sin(angle), tilted.chordMm(new double[] {0, 0, -1000}), 1e-9);
    }

    @Test
    void boxChordAndTheViewTransform() {
        double[] identity = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        AttenuatingObjects.Box plate = new AttenuatingObjects.Box(new double[] {0, 0, -500}, identity, new double[] {300, 300, 1.5}, 1);
        assertEquals(3, plate.chordMm(new double[] {0, 0, -1000}), 1e-9);
        // A ray at angle θ to the plate's normal crosses thickness/cos θ.
        double th = Math.toRadians(20);
        assertEquals(3 / Math.cos(th), plate.chordMm(new double[] {1000 * Math.tan(th), 0, -1000}), 1e-9);
        // Defined in the volume, seen through a pose: the central pixel's line integral is μ·chord wherever the pose puts it.
        Rigid volFromCam = Rigid.exp(0.3, -0.2, 0.5, 40, -15, 700);
        double[] onAxis = volFromCam.apply(0, 0, -600);
        double[] axisInVol = volFromCam.applyToDirection(0, 1, 0);
        AttenuatingObjects.Cylinder wire = new AttenuatingObjects.Cylinder(onAxis, axisInVol, 50, 0.8, 1.1);
        Camera odd = new Camera(33, 33, CAMERA.fx(), CAMERA.fy(), 16, 16, CAMERA.sourceToDetectorMm());
        float[] img = AttenuatingObjects.lineIntegrals(List.of(wire), odd, volFromCam);
        assertEquals(1.1 * 1.6, img[16 * 33 + 16], 1e-5);
        assertEquals(0, img[0], 0);
    }

    @Test
    void collimatorIsOpenInsideLeakyOutsideHalfwayAtTheEdge() {
        Collimator c = new Collimator(new double[] {0.25, 0, 0, 0}, 0, 0.05, 0.8);
        float[] f = c.factors(40, 20);
        assertEquals(1, f[10 * 40 + 30], 1e-6);
        assertEquals(0.05, f[10 * 40 + 1], 1e-6);
        // The blade edge at u = −0.5 + 10 = 9.5: pixels 9 and 10 straddle it symmetrically.
        assertEquals(1.05, f[10 * 40 + 9] + f[10 * 40 + 10], 1e-6);
        for (float v : Collimator.open().factors(8, 8)) assertEquals(1, v, 1e-6);
    }

    @Test
    void contrastCurveIsIdentityAtRestAndMonotone() {
        float[] x = {10, 200, 55, 1000, 400};
        float[] id = x.clone();
        new ContrastCurve(0, 1).apply(id);
        for (int i = 0; i < x.length; i++) assertEquals(x[i], id[i], 1e-3 * x[i] + 0.2);
        float[] c = x.clone();
        new ContrastCurve(0.02, 1.4).apply(c);
        assertTrue(c[0] < c[2] && c[2] < c[1] && c[1] < c[4] && c[4] < c[3]);
        // Glare adds 2 % of the maximum to the darkest pixel.
        assertEquals(10 + 0.02 * 1000, c[0], 0.2);
        assertThrows(IllegalArgumentException.class, () -> new ContrastCurve(-1, 1));
    }

    @Test
    void extensionContinuesTheBoundarySlicesWithoutGapAndCapsBone() {
        int nx = 6, ny = 4, nz = 5;
        float[] d = new float[nx * ny * nz];
        for (int k = 0; k < nz; k++) for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) d[i + nx * (j + ny * k)] = (float) (0.001 * (i + 1) + 0.002 * k + (i == 0 && j == 0 ? 0.5 : 0));
        // Oblique slice axis, 1.5 mm slices, 1 mm pixels.
        double c = Math.cos(0.4), s = Math.sin(0.4);
        double[] dir = {1, 0, 0, 0, c, -s, 0, s, c};
        Volume mu = new Volume(nx, ny, nz, new double[] {1, 1, 1.5}, new double[] {10, -20, 30}, dir, d);
        double cap = 0.05;
        for (SoftTissueExtension.Side side : SoftTissueExtension.Side.values()) {
            Volume ext = SoftTissueExtension.of(mu, side, 20, 2, cap);
            assertEquals(2, ext.spacingMm()[0], 0, "in-plane binned to the 2 mm grid");
            assertEquals(3, ext.nx());
            assertEquals(10, ext.nz());
            boolean low = side == SoftTissueExtension.Side.LOW;
            // No gap: the CT's outer face (half a slice beyond its last centre) is the extension's inner face.
            double[] ctFace = mu.indexToLps(0.5, 0.5, low ? -0.5 : nz - 0.5);
            double[] extFace = ext.indexToLps(0, 0, low ? ext.nz() - 0.5 : -0.5);
            for (int a = 0; a < 3; a++) assertEquals(ctFace[a], extFace[a], 1e-9, side + " face, axis " + a);
            for (int k = 0; k < ext.nz(); k++) {
                for (int j = 0; j < ext.ny(); j++) {
                    for (int i = 0; i < ext.nx(); i++) {
                        double sum = 0;
                        for (int q = 0; q < SoftTissueExtension.BOUNDARY_SLICES; q++) {
                            int kk = low ? q : nz - 1 - q;
                            for (int y = 0; y < 2; y++) for (int x = 0; x < 2; x++) sum += mu.get(2 * i + x, 2 * j + y, kk);
                        }
                        double expected = Math.min(cap, sum / (4 * SoftTissueExtension.BOUNDARY_SLICES));
                        assertEquals(expected, ext.get(i, j, k), 1e-7);
                    }
                }
            }
            assertEquals(cap, ext.get(0, 0, 3), 1e-7, "the bone in the corner is capped at soft tissue");
        }
    }
}

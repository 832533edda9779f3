package org.crossview.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.junit.jupiter.api.Test;

class PreprocessTest {
    static final double[][] POINTS = {{10, -20, 95}, {-40, 5, 130}, {0, 0, 110}, {55, 30, 80}};

    /** A 96×80 view whose pixel value encodes its own coordinates: value = u + 1000·v (a linear function). */
    static XrayView rampView(boolean flagged) {
        Camera cam = new Camera(96, 80, -1020 / 1.552, -1020 / 1.552, 47.5, 39.5, 1020);
        Rigid volFromCam = TestDatasets.apView(new double[] {0, 0, 110}, 0.3, 0.1, 0.05);
        float[] d = new float[96 * 80];
        for (int v = 0; v < 80; v++) for (int u = 0; u < 96; u++) d[v * 96 + u] = u + 1000f * v;
        Map<String, Landmark2D> lands = new LinkedHashMap<>();
        for (int i = 0; i < POINTS.length; i++) {
            double[] uv = DeepFluoroGeometry.project(cam, volFromCam, POINTS[i]);
            lands.put("p" + i, new Landmark2D("p" + i, uv[0], uv[1], cam.contains(uv[0], uv[1])));
        }
        return new XrayView("ramp", new Image(96, 80, d), cam, volFromCam, lands, flagged);
    }

    /** The new camera, pose and landmarks still agree: projecting the 3D points lands on the 2D landmarks. */
    static void assertConsistent(XrayView v) {
        for (int i = 0; i < POINTS.length; i++) {
            double[] uv = DeepFluoroGeometry.project(v.camera(), v.volFromCam(), POINTS[i]);
            Landmark2D l = v.landmarks().get("p" + i);
            assertEquals(uv[0], l.u(), 1e-9);
            assertEquals(uv[1], l.v(), 1e-9);
        }
    }

    /** Value of the ramp at continuous original pixel (u, v). */
    static double ramp(double u, double v) {
        return u + 1000 * v;
    }

    @Test
    void turnedLandmarkLandsAtMirroredPixelAndPoseAgrees() {
        XrayView raw = rampView(true);
        XrayView t = Preprocess.turn180(raw);
        for (Landmark2D l : raw.landmarks().values()) {
            Landmark2D m = t.landmarks().get(l.name());
            assertEquals(95 - l.u(), m.u(), 1e-12);
            assertEquals(79 - l.v(), m.v(), 1e-12);
        }
        assertConsistent(t);
        assertEquals(ramp(95, 79), t.image().get(0, 0), 1e-3);
        assertEquals(ramp(0, 0), t.image().get(95, 79), 1e-3);
        assertFalse(t.rot180ForUp());
    }

    @Test
    void cropBinResizeMoveImageCameraAndLandmarksTogether() {
        XrayView raw = rampView(false);
        XrayView c = Preprocess.crop(raw, 8);
        assertEquals(80, c.camera().cols());
        assertEquals(ramp(8, 8), c.image().get(0, 0), 1e-3);
        assertConsistent(c);
        XrayView b = Preprocess.bin(c, 4); // 20×16
        assertEquals(20, b.camera().cols());
        assertEquals(16, b.camera().rows());
        // the mean of a linear function over a block is its value at the block centre u = u'·b + (b−1)/2
        assertEquals(ramp(8 + 3 * 4 + 1.5, 8 + 5 * 4 + 1.5), b.image().get(3, 5), 1e-2);
        assertConsistent(b);
        XrayView r = Preprocess.resize(b, 15, 12); // non-integer factor 4/3
        assertEquals(15, r.camera().cols());
        double su = (7 + 0.5) * 20.0 / 15 - 0.5, sv = (4 + 0.5) * 16.0 / 12 - 0.5; // centre of output (7,4) in b's pixels
        assertEquals(ramp(8 + su * 4 + 1.5, 8 + sv * 4 + 1.5), r.image().get(7, 4), 0.1);
        assertConsistent(r);
    }

    @Test
    void logTransformAndRobustI0() {
        float[] d = new float[100 * 100];
        for (int i = 0; i < d.length; i++) d[i] = (float) (1e4 * Math.exp(-(i % 100) / 50.0)); // columns attenuate more and more
        d[5] = 1e7f; // hot pixels do not set I0
        d[17] = 5e6f;
        Camera cam = Camera.centred(100, 100, 1, 1, 1020);
        XrayView v = new XrayView("x", new Image(100, 100, d), cam, null, Map.of(), false);
        double i0 = Preprocess.estimateI0(v.image());
        assertEquals(1e4, i0, 1e4 * 0.01);
        XrayView l = Preprocess.logTransform(v, 1e4);
        assertEquals(37 / 50.0, l.image().get(37, 60), 1e-5);
        XrayView n = Preprocess.normalise(l, Preprocess.Normalisation.MIN_MAX);
        assertEquals(0f, n.image().min());
        assertEquals(1f, n.image().max());
        XrayView z = Preprocess.normalise(l, Preprocess.Normalisation.Z_SCORE);
        assertEquals(0, z.image().mean(), 1e-5);
    }

    @Test
    void fullRecipeOnFlaggedView() {
        XrayView raw = rampView(true).withImage(positive(rampView(true).image()));
        XrayView p = Preprocess.apply(raw, new Preprocess.Settings(4, true, Double.NaN, true, 2, 30, Preprocess.Normalisation.MIN_MAX));
        assertEquals(30, p.camera().cols());
        assertEquals(30, p.camera().rows());
        assertConsistent(p);
        assertFalse(p.rot180ForUp());
        assertTrue(p.image().max() <= 1f && p.image().min() >= 0f);
    }

    @Test
    void deepFluoroSettingsScaleWithPixelSize() {
        Preprocess.Settings full = Preprocess.Settings.deepFluoro(Camera.deepFluoroFullRes());
        assertEquals(50, full.cropPx());
        assertEquals(8, full.binFactor());
        Preprocess.Settings binned = Preprocess.Settings.deepFluoro(Camera.deepFluoroFullRes().binned(8));
        assertEquals(6, binned.cropPx());
        assertEquals(1, binned.binFactor());
    }

    static Image positive(Image im) {
        float[] d = im.data().clone();
        for (int i = 0; i < d.length; i++) d[i] = 100 + d[i];
        return new Image(im.cols(), im.rows(), d);
    }
}

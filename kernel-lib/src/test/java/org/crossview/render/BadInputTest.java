package org.crossview.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input is refused with an IllegalArgumentException whose message names the argument. */
class BadInputTest {
    private static void assertNames(String argument, Executable bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad);
        assertTrue(e.getMessage().contains(argument), "message should name '" + argument + "': " + e.getMessage());
    }

    private static Volume cube(float value) {
        float[] d = new float[8 * 8 * 8];
        java.util.Arrays.fill(d, value);
        return new Volume(8, 8, 8, new double[] {1, 1, 1}, new double[] {-3.5, -3.5, -3.5}, d);
    }

    private static final Camera CAM = Camera.centred(4, 4, 1, 1, 500);
    private static final RenderSettings STEP = new RenderSettings(1);

    @Test
    void emptyNanOrMissingVolumes() {
        assertNames("mu", () -> new CpuRenderer(cube(0), STEP));
        assertNames("mu", () -> new CpuRenderer(null, STEP));
        Volume nan = cube(0.02f);
        nan.data()[17] = Float.NaN;
        assertNames("mu", () -> new CpuRenderer(nan, STEP));
        Volume inf = cube(0.02f);
        inf.data()[3] = Float.POSITIVE_INFINITY;
        assertNames("mu", () -> new SiddonRenderer(inf));
        assertNames("mu", () -> Renderers.create("auto", cube(0), STEP));
    }

    @Test
    void zeroSpacingStepOrPixelSpacing() {
        assertNames("spacing", () -> new Volume(2, 2, 2, new double[] {1, 0, 1}, new double[] {0, 0, 0}, new float[8]));
        assertNames("stepMm", () -> new RenderSettings(0));
        assertNames("stepMm", () -> new RenderSettings(Double.NaN));
        assertNames("settings", () -> new CpuRenderer(cube(1), null));
        assertNames("pixel spacing", () -> Camera.centred(4, 4, 0, 1, 500));
        assertNames("pixel spacing", () -> Camera.centred(4, 4, 1, -0.5, 500));
    }

    @Test
    void sourceInsideTheVolume() {
        CpuRenderer r = new CpuRenderer(cube(0.02f), STEP);
        Rigid inside = Rigid.translation(1, -2, 3);
        assertNames("volFromCam[1]: source inside the volume", () -> r.render(CAM, new Rigid[] {Rigid.translation(0, 0, 100), inside}));
        Image w = new Image(4, 4);
        assertNames("source inside the volume", () -> r.poseGradient(CAM, new Rigid[] {inside}, new Image[] {w}));
        assertNames("source inside the volume", () -> r.jacobian(CAM, inside));
        assertNames("source inside the volume", () -> new SiddonRenderer(cube(0.02f)).render(CAM, inside));
    }

    @Test
    void nonFiniteOrMissingPoses() {
        CpuRenderer r = new CpuRenderer(cube(0.02f), STEP);
        Rigid nan = Rigid.translation(0, Double.NaN, 100); // Rigid.exp rejects a NaN tangent itself
        assertNames("volFromCam[0]: non-finite", () -> r.render(CAM, nan));
        assertNames("volFromCam[0]: non-finite", () -> r.poseGradient(CAM, new Rigid[] {nan}, new Image[] {new Image(4, 4)}));
        assertNames("volFromCam[0]: null", () -> r.render(CAM, new Rigid[] {null}));
        assertNames("volFromCam", () -> r.render(CAM, (Rigid[]) null));
        assertNames("camera", () -> r.render(null, Rigid.translation(0, 0, 100)));
    }

    @Test
    void lossGradientImagesMustMatch() {
        CpuRenderer r = new CpuRenderer(cube(0.02f), STEP);
        Rigid pose = Rigid.translation(0, 0, 100);
        assertNames("dLossdImage[0]", () -> r.poseGradient(CAM, new Rigid[] {pose}, new Image[] {new Image(5, 4)}));
        Image nan = new Image(4, 4);
        nan.data()[2] = Float.NaN;
        assertNames("dLossdImage[0]", () -> r.poseGradient(CAM, new Rigid[] {pose}, new Image[] {nan}));
        assertNames("dLossdImage", () -> r.poseGradient(CAM, new Rigid[] {pose, pose}, new Image[] {new Image(4, 4)}));
    }

    @Test
    void unknownBackend() {
        assertNames("backend", () -> Renderers.create("vulkan", cube(1), STEP));
        try (Renderer auto = Renderers.create("auto", cube(1), STEP)) {
            assertTrue(auto.name().equals(Renderers.autoChoice()), "auto made " + auto.name() + ", expected " + Renderers.autoChoice());
            // An OpenCL CPU device (PoCL here) is never auto's choice: the Java renderer is faster on the same cores.
            boolean gpu = org.crossview.render.opencl.OpenClDevices.best().map(d -> d.kind() == org.crossview.render.opencl.OpenClDevice.Kind.GPU).orElse(false);
            assertEquals(gpu ? "opencl:" + org.crossview.render.opencl.OpenClDevices.best().get().label() : "cpu", auto.name());
        }
    }
}

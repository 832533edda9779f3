package org.crossview.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PivotTest {
    private static final Rigid VOL_FROM_CAM = Rigid.of(1, 0, 0, 5, 0, 0, 1, 760, 0, -1, 0, 3); // an AP view, source posterior

    @Test
    void aRotationAboutThePivotLeavesThePivotWhereItIs() {
        double[] pivotLps = {5, 10, 3};
        Pivot pivot = Pivot.atLps(VOL_FROM_CAM, pivotLps);
        assertArrayEquals(new double[] {0, 0, -750}, pivot.pivotCam(), 1e-9);
        Rigid turned = pivot.perturbDegMm(VOL_FROM_CAM, 10, -20, 30, 0, 0, 0);
        // the pivot's camera coordinates are the same before and after: volFromCam'⁻¹·pivot = volFromCam⁻¹·pivot
        assertArrayEquals(pivot.pivotCam(), turned.inverse().apply(pivotLps), 1e-9);
    }

    @Test
    void translationsMoveAlongTheCameraAxes() {
        Pivot pivot = new Pivot(new double[] {0, 0, -750});
        Rigid moved = pivot.perturbDegMm(VOL_FROM_CAM, 0, 0, 0, 0, 0, 4);
        // +4 mm along camera z (towards the source): the camera sits 4 mm further along its z axis in the volume,
        // and camera z is LPS −P here... the volume point at camera (0,0,−750) is now seen at (0,0,−754)
        double[] pivotLps = VOL_FROM_CAM.apply(0, 0, -750);
        assertArrayEquals(new double[] {0, 0, -754}, moved.inverse().apply(pivotLps), 1e-9);
    }

    @Test
    void gradientAboutThePivotMatchesFiniteDifferences() {
        Pivot pivot = new Pivot(new double[] {3, -2, -700});
        double[] target = {1, 2, 3};
        // f(T) = first coordinate of T⁻¹·target (a smooth function of the pose)
        java.util.function.Function<Rigid, Double> f = t -> t.inverse().apply(target)[0];
        double[] right = new double[6];
        double h = 1e-6;
        for (int k = 0; k < 6; k++) {
            double[] xi = new double[6];
            xi[k] = h;
            double plus = f.apply(VOL_FROM_CAM.perturbRight(xi));
            xi[k] = -h;
            right[k] = (plus - f.apply(VOL_FROM_CAM.perturbRight(xi))) / (2 * h);
        }
        double[] aboutPivot = pivot.gradient(right);
        for (int k = 0; k < 6; k++) {
            double[] xi = new double[6];
            xi[k] = h;
            double plus = f.apply(pivot.perturb(VOL_FROM_CAM, xi));
            xi[k] = -h;
            double fd = (plus - f.apply(pivot.perturb(VOL_FROM_CAM, xi))) / (2 * h);
            assertEquals(fd, aboutPivot[k], 1e-5 * Math.max(1, Math.abs(fd)), "component " + k);
        }
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> new Pivot(new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> new Pivot(new double[] {1, 2, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> new Pivot(new double[3]).perturbDegMm(VOL_FROM_CAM, 1, 2, 3));
    }
}

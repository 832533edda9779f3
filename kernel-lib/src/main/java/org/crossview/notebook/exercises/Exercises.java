package org.crossview.notebook.exercises;

import java.util.List;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;
import org.crossview.loss.ImageSimilarity;
import org.crossview.loss.PoseDistance;
import org.crossview.render.Renderer;
import org.crossview.volume.Volume;

/**
 * The checkers of the exercise notebooks (notebooks/exercises): each takes the student's function (as a lambda) and
 * tests it against answers it does not share with it — closed forms, finite differences, the library's own
 * implementation on random inputs. A wrong answer throws an {@link AssertionError} naming the call, the expected
 * value and what the student's code returned; a right one prints "✓ correct: …". Runs take well under a second each.
 */
public final class Exercises {
    private Exercises() {}

    /** Pixel (u, v) of camera-frame point X for a row-major 3×3 K. */
    public interface Projection { double[] project(double[] kRowMajor, double[] xCam); }

    /** K of the detector binned by {@code factor} (row-major 3×3). */
    public interface Binning { double[] binnedIntrinsics(double[] kRowMajor, int factor); }

    /** The DRR value of pixel (u, v): Σ_k μ(x_k)·Δ. */
    public interface LineIntegral { double lineIntegral(Volume mu, Camera camera, Rigid volFromCam, int u, int v, double stepMm); }

    public interface Ncc { double ncc(double[] a, double[] b); }

    /** ∂NCC(a, b)/∂b, one value per pixel. */
    public interface NccGradient { double[] nccGradient(double[] a, double[] b); }

    /** ∂I/∂ξ (ω then v) of one ray's I = Δ·Σ_k μ(volFromCam·p_k), given ∇μ at each sample (volume frame). */
    public interface RayGradient { double[] rayGradient(Rigid volFromCam, double[][] pCam, double[][] gradMuVol, double stepMm); }

    public interface CrossViewPose { double crossViewPose(Rigid[] predictedVolFromCam, Rigid[] camRefFromCam, PoseDistance distance); }

    public interface CrossViewImage { double crossViewImage(Renderer renderer, List<CaseView> views, Rigid[] predictedVolFromCam, ImageSimilarity similarity); }

    public interface Mtre { double mtre(Rigid trueVolFromCam, Rigid estimatedVolFromCam, List<double[]> landmarksLps); }

    /** One gradient-descent step of the multi-view refinement: the new volFromCamRef. */
    public interface RefinementStep {
        Rigid step(Renderer renderer, List<CaseView> views, Rigid volFromCamRef, ImageSimilarity similarity, double rotationRate, double translationRate);
    }

    public static void checkProjection(Projection student) { GeometryChecks.projection(student); }
    public static void checkBinnedIntrinsics(Binning student) { GeometryChecks.binning(student); }
    public static void checkLineIntegral(LineIntegral student) { RenderChecks.lineIntegral(student); }
    public static void checkNcc(Ncc student) { NccChecks.ncc(student); }
    public static void checkNccGradient(NccGradient student) { NccChecks.gradient(student); }
    public static void checkRayGradient(RayGradient student) { RenderChecks.rayGradient(student); }
    public static void checkCrossViewPose(CrossViewPose student) { CrossViewChecks.pose(student); }
    public static void checkCrossViewImage(CrossViewImage student) { CrossViewChecks.image(student); }
    public static void checkMtre(Mtre student) { CrossViewChecks.mtre(student); }
    public static void checkRefinementStep(RefinementStep student) { RefinementChecks.step(student); }

    /**
     * A tool for the line-integral exercise: μ at an LPS point, trilinear between the eight nearest voxel centres,
     * with μ = 0 outside the volume (as the renderer's one voxel of padded air).
     */
    public static double trilinear(Volume mu, double[] xLps) {
        double[] q = mu.lpsToIndex(xLps);
        int i0 = (int) Math.floor(q[0]), j0 = (int) Math.floor(q[1]), k0 = (int) Math.floor(q[2]);
        double fi = q[0] - i0, fj = q[1] - j0, fk = q[2] - k0, sum = 0;
        for (int c = 0; c < 8; c++) {
            int i = i0 + (c & 1), j = j0 + ((c >> 1) & 1), k = k0 + (c >> 2);
            if (i < 0 || j < 0 || k < 0 || i >= mu.nx() || j >= mu.ny() || k >= mu.nz()) continue;
            double w = ((c & 1) == 1 ? fi : 1 - fi) * (((c >> 1) & 1) == 1 ? fj : 1 - fj) * ((c >> 2) == 1 ? fk : 1 - fk);
            sum += w * mu.get(i, j, k);
        }
        return sum;
    }
}

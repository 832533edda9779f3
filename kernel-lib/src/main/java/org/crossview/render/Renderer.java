package org.crossview.render;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;

/**
 * A differentiable DRR renderer bound to one attenuation volume (μ per mm, uploaded once).
 * DESIGN.md §3: I(u) = Σ_k μ(x_k)·Δ with samples at fixed distances t_k = k·Δ from the source along
 * each ray in the camera frame, x_k = volFromCam · p_k.
 *
 * <p>Poses are {@code volFromCam} transforms (camera projective frame → volume LPS, i.e. P·E⁻¹ for
 * DeepFluoro). Pose gradients are with respect to the right perturbation volFromCam·exp(ξ^),
 * ξ = (ω, v): six numbers per pose, rotation first.
 */
public interface Renderer extends AutoCloseable {

    /** DRRs (line integrals, log domain) of one camera at each pose. */
    Image[] render(Camera camera, Rigid[] volFromCam);

    /**
     * The vector–Jacobian product: for each pose p, Σ_u dLossdImage[p](u) · ∂I_p(u)/∂ξ, a 6-vector
     * (ω then v). One pass, no stored samples.
     */
    double[][] poseGradient(Camera camera, Rigid[] volFromCam, Image[] dLossdImage);

    /**
     * The DRRs at these poses and a {@link Linearisation} for the pose gradient of any d(loss)/d(image) later: what a loss
     * that needs the images before it can say d(loss)/d(image) should call instead of {@link #render} then
     * {@link #poseGradient}. This default renders now and runs {@link #poseGradient} (a second walk) on each VJP; back ends
     * that can do both in one walk override it. The images are those {@link #render} gives, and the VJPs those
     * {@link #poseGradient} gives.
     */
    default Linearisation linearise(Camera camera, Rigid[] volFromCam) {
        Image[] images = render(camera, volFromCam);
        Rigid[] poses = volFromCam.clone();
        return new Linearisation() {
            @Override
            public Image[] images() {
                return images;
            }

            @Override
            public double[][] vjp(Image[] dLossdImage) {
                return poseGradient(camera, poses, dLossdImage);
            }
        };
    }

    /** Name of the back end for reports ("cpu", "opencl:<device>"). */
    String name();

    default Image render(Camera camera, Rigid volFromCam) {
        return render(camera, new Rigid[] {volFromCam})[0];
    }

    @Override
    default void close() {}
}

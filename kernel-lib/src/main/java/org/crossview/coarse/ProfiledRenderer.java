package org.crossview.coarse;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.Linearisation;
import org.crossview.render.Renderer;

/**
 * A {@link Renderer} that adds the wall time of its forward and VJP calls to a {@link StepProfile}
 * (phases {@code prefix + ".render"} and {@code prefix + ".vjp"}; a {@link #linearise} counts as forward, its VJPs as
 * VJP calls); everything else is the wrapped renderer's.
 * Closing it does not close the wrapped renderer.
 */
public final class ProfiledRenderer implements Renderer {
    private final Renderer inner;
    private final StepProfile profile;
    private final String renderPhase, vjpPhase;

    public ProfiledRenderer(Renderer inner, StepProfile profile, String prefix) {
        this.inner = inner;
        this.profile = profile;
        this.renderPhase = prefix + ".render";
        this.vjpPhase = prefix + ".vjp";
    }

    @Override
    public Image[] render(Camera camera, Rigid[] volFromCam) {
        return profile.time(renderPhase, () -> inner.render(camera, volFromCam));
    }

    @Override
    public double[][] poseGradient(Camera camera, Rigid[] volFromCam, Image[] dLossdImage) {
        return profile.time(vjpPhase, () -> inner.poseGradient(camera, volFromCam, dLossdImage));
    }

    /**
     * The wrapped renderer's one-walk images and Jacobians, timed as the render phase (the walk is the render, with the
     * gradient's extra work in it); each VJP of the result is timed as the VJP phase.
     */
    @Override
    public Linearisation linearise(Camera camera, Rigid[] volFromCam) {
        Linearisation inner = profile.time(renderPhase, () -> this.inner.linearise(camera, volFromCam));
        return new Linearisation() {
            @Override
            public Image[] images() {
                return inner.images();
            }

            @Override
            public double[][] vjp(Image[] dLossdImage) {
                return profile.time(vjpPhase, () -> inner.vjp(dLossdImage));
            }
        };
    }

    @Override
    public String name() {
        return inner.name();
    }
}

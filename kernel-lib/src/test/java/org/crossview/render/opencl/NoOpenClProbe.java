package org.crossview.render.opencl;

import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;

/** Run in a child JVM whose OpenCL runtime is hidden (see {@link OpenClMissingRuntimeTest}): prints what the factory does. */
public final class NoOpenClProbe {
    private NoOpenClProbe() {}

    public static void main(String[] args) {
        for (String line : Renderers.describeAvailable()) System.out.println("describe: " + line);
        try (Renderer r = Renderers.create("auto", OpenClResourceTest.ball(), new RenderSettings(1.0))) {
            System.out.println("auto: " + r.name() + " max " + r.render(org.crossview.geometry.Camera.centred(8, 8, 3, 3, 400), OpenClResourceTest.pose(0)).max());
        }
        try (Renderer r = Renderers.create("opencl", OpenClResourceTest.ball(), new RenderSettings(1.0))) {
            System.out.println("opencl: made " + r.name());
        } catch (OpenClException e) {
            System.out.println("opencl: OpenClException: " + e.getMessage());
        }
        System.out.println("probe finished");
    }
}

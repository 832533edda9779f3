package org.crossview.render.opencl;

import org.crossview.geometry.Camera;
import org.crossview.render.RenderSettings;

/**
 * Run in a child JVM by {@link OpenClResourceTest}: builds a kernel source with an undeclared identifier, prints the
 * exception's message, then renders with a good renderer. A child, because the OpenCL compiler writes its
 * diagnostics to the process's own stderr: there the parent captures them instead of the test log showing a
 * compiler error that is expected.
 */
public final class BadKernelProbe {
    private BadKernelProbe() {}

    public static void main(String[] args) {
        OpenClDevice device = OpenClDevices.best().orElseThrow();
        String broken = OpenClRenderer.loadSource().replace("int ix = (int) x, iy = (int) y, iz = (int) z; // positions",
                "int ix = (int) x, iy = (int) y, iz = (int) undeclaredVariable; // positions");
        if (broken.equals(OpenClRenderer.loadSource())) throw new IllegalStateException("the line to break is no longer in the kernel source");
        try (OpenClRenderer r = new OpenClRenderer(OpenClResourceTest.ball(), new RenderSettings(1.0), device,
                OpenClRenderer.Options.defaults(device), broken)) {
            System.out.println("built: " + r.name());
        } catch (OpenClException e) {
            System.out.println("device: " + device.label());
            System.out.println("exception: " + e.getMessage().replace('\n', '|'));
        }
        try (OpenClRenderer ok = new OpenClRenderer(OpenClResourceTest.ball(), new RenderSettings(1.0), device)) {
            System.out.println("then rendered, max " + ok.render(Camera.centred(8, 8, 3, 3, 400), OpenClResourceTest.pose(0)).max());
        }
    }
}

package org.crossview.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crossview.render.opencl.OpenClDevice;
import org.crossview.render.opencl.OpenClDevices;
import org.crossview.render.opencl.OpenClException;
import org.crossview.render.opencl.OpenClRenderer;
import org.crossview.volume.Volume;

/**
 * Picks a {@link Renderer} back end by name: "cpu" (Java; the settings' projector), "joseph" (Java with
 * {@link Projector#JOSEPH}, whatever the settings say), "opencl" (the preferred OpenCL device, see
 * {@link OpenClDevices#best}), "opencl-image" (the same, forward pass through the texture unit: faster on GPUs, not
 * float-exact there), "siddon" (forward-only reference), or "auto": a GPU through OpenCL if there is one, else the Java
 * renderer. Not an OpenCL CPU device (PoCL): on the same cores the Java renderer draws as fast and, as it forms each
 * pixel's pose Jacobian in the same walk ({@link Renderer#linearise}), takes 0.57–0.63 of PoCL's CPU time for a DRR with
 * its pose gradient, which is what the refinement and the losses ask for ({@code crossview bench render --backend
 * cpu,opencl}, chest CTA and head CT at 128², one run).
 */
public final class Renderers {
    private Renderers() {}

    /** Every back end name {@link #create} knows (some may be unusable here). */
    public static List<String> known() {
        return List.of("auto", "cpu", "joseph", "opencl", "opencl-image", "siddon");
    }

    /**
     * Back ends usable on this machine: "cpu", "opencl" when an OpenCL device exists, "opencl-image" when the
     * preferred device is a GPU with images (on CPUs PoCL filters images in software, several times slower), "siddon".
     */
    public static List<String> available() {
        List<String> names = new ArrayList<>(List.of("cpu", "joseph"));
        if (OpenClDevices.available()) names.add("opencl");
        Optional<OpenClDevice> best = OpenClDevices.best();
        if (best.isPresent() && best.get().kind() == OpenClDevice.Kind.GPU && best.get().images()) names.add("opencl-image");
        names.add("siddon");
        return List.copyOf(names);
    }

    public static Renderer create(String backend, Volume mu, RenderSettings settings) {
        if (backend == null) throw new IllegalArgumentException("backend: null (expected one of auto, " + String.join(", ", available()) + ")");
        switch (backend) {
            case "auto":
                return createAuto(mu, settings);
            case "cpu":
                return new CpuRenderer(mu, settings);
            case "joseph":
                return new CpuRenderer(mu, RenderInputs.settings(settings).withProjector(Projector.JOSEPH));
            case "opencl":
                return new OpenClRenderer(mu, settings); // no device: OpenClException saying why
            case "opencl-image": {
                OpenClDevice d = OpenClDevices.require();
                return new OpenClRenderer(mu, settings, d, OpenClRenderer.Options.defaults(d).withImageForward(true));
            }
            case "siddon":
                return new SiddonRenderer(mu);
            default:
                throw new IllegalArgumentException("backend: unknown '" + backend + "' (expected one of " + String.join(", ", known()) + "; available here: "
                        + String.join(", ", available()) + ")");
        }
    }

    /** What "auto" would pick here, in words: "opencl:<device>" or "cpu". */
    public static String autoChoice() {
        return autoDevice().map(x -> "opencl:" + x.label()).orElse("cpu");
    }

    /** The OpenCL device "auto" uses: the preferred one when it is a GPU; none otherwise (the Java renderer). */
    private static Optional<OpenClDevice> autoDevice() {
        return OpenClDevices.best().filter(d -> d.kind() == OpenClDevice.Kind.GPU);
    }

    /** Lines for {@code crossview doctor}: the back ends, the OpenCL devices, and what "auto" picks. */
    public static List<String> describeAvailable() {
        List<String> lines = new ArrayList<>();
        lines.add("render back ends available: " + String.join(", ", available()));
        lines.add("cpu: Java, " + Runtime.getRuntime().availableProcessors() + " threads (common fork-join pool); joseph: "
                + (CpuRenderer.VECTOR_LANES ? "rays in packets over vector lanes" : "one ray at a time (no vector lanes: needs --add-modules jdk.incubator.vector, "
                        + "as ./crossview and the kernel pass it, and 256-bit vectors)"));
        lines.addAll(OpenClDevices.describe());
        lines.add("auto picks: " + autoChoice());
        return lines;
    }

    private static Renderer createAuto(Volume mu, RenderSettings settings) {
        RenderInputs.attenuation(mu); // bad input is the caller's error whatever the back end
        RenderInputs.settings(settings);
        Optional<OpenClDevice> device = autoDevice();
        if (device.isPresent()) {
            try {
                return new OpenClRenderer(mu, settings, device.get());
            } catch (OpenClException e) {
                System.err.println("renderer auto: OpenCL unusable, using the Java renderer: " + e.getMessage());
            }
        }
        return new CpuRenderer(mu, settings);
    }
}

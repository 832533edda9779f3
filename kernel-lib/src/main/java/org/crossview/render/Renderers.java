package org.crossview.render;

import java.util.List;
import org.crossview.volume.Volume;

/** Picks a {@link Renderer} back end by name: "cpu", "siddon" (forward-only reference), or "auto". */
public final class Renderers {
    private Renderers() {}

    /** Back ends usable on this machine, best first. */
    public static List<String> available() {
        return List.of("cpu", "siddon");
    }

    /** "auto" picks the best available back end (for now the CPU one). */
    public static Renderer create(String backend, Volume mu, RenderSettings settings) {
        if (backend == null) throw new IllegalArgumentException("backend: null (expected one of auto, " + String.join(", ", available()) + ")");
        switch (backend) {
            case "auto":
            case "cpu":
                return new CpuRenderer(mu, settings);
            case "siddon":
                return new SiddonRenderer(mu);
            default:
                throw new IllegalArgumentException("backend: unknown '" + backend + "' (expected one of auto, " + String.join(", ", available()) + ")");
        }
    }
}

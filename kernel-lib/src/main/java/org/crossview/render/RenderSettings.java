package org.crossview.render;

/**
 * How rays are sampled: samples at t_k = k·stepMm from the source along each ray (camera frame), so
 * sample positions never depend on the pose and the pose gradient is exact (DESIGN.md §3).
 */
public record RenderSettings(double stepMm) {
    public RenderSettings {
        if (!(stepMm > 0) || !Double.isFinite(stepMm)) throw new IllegalArgumentException("stepMm: must be positive and finite, got " + stepMm);
    }

    public static RenderSettings defaults() {
        return new RenderSettings(1.0);
    }
}

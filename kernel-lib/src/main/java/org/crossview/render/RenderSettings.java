package org.crossview.render;

/**
 * How rays are sampled. With the default {@link Projector#TRILINEAR}: samples at t_k = k·stepMm from the source along
 * each ray (camera frame), so sample positions never depend on the pose and the pose gradient is exact (DESIGN.md §3).
 * {@link Projector#JOSEPH} (Java back end only) samples on the voxel planes instead and ignores stepMm; the Java back
 * end stores its voxels as 16-bit codes ({@link VoxelFormat#of}).
 */
public record RenderSettings(double stepMm, Projector projector) {
    public RenderSettings {
        if (!(stepMm > 0) || !Double.isFinite(stepMm)) throw new IllegalArgumentException("stepMm: must be positive and finite, got " + stepMm);
        if (projector == null) throw new IllegalArgumentException("projector: null");
    }

    public RenderSettings(double stepMm) {
        this(stepMm, Projector.TRILINEAR);
    }

    public static RenderSettings defaults() {
        return new RenderSettings(1.0);
    }

    public RenderSettings withProjector(Projector p) {
        return new RenderSettings(stepMm, p);
    }
}

package org.crossview.render;

/**
 * How rays are sampled. With the default {@link Projector#TRILINEAR}: samples at t_k = k·stepMm from the source along
 * each ray (camera frame), so sample positions never depend on the pose and the pose gradient is exact (DESIGN.md §3).
 * {@link Projector#JOSEPH} (Java back end only) samples on the voxel planes instead and ignores stepMm.
 * {@code voxels}: how the Java back end stores μ (default {@link VoxelFormat#AUTO}: 16-bit fixed point for Joseph, image
 * error ~3e-6 relative, floats for the trilinear projector; {@link VoxelFormat#F32} for float-exact comparisons); the
 * OpenCL back end always uses floats.
 */
public record RenderSettings(double stepMm, Projector projector, VoxelFormat voxels) {
    public RenderSettings {
        if (!(stepMm > 0) || !Double.isFinite(stepMm)) throw new IllegalArgumentException("stepMm: must be positive and finite, got " + stepMm);
        if (projector == null) throw new IllegalArgumentException("projector: null");
        if (voxels == null) throw new IllegalArgumentException("voxels: null");
    }

    public RenderSettings(double stepMm, Projector projector) {
        this(stepMm, projector, VoxelFormat.AUTO);
    }

    public RenderSettings(double stepMm) {
        this(stepMm, Projector.TRILINEAR);
    }

    public static RenderSettings defaults() {
        return new RenderSettings(1.0);
    }

    public RenderSettings withProjector(Projector p) {
        return new RenderSettings(stepMm, p, voxels);
    }

    public RenderSettings withVoxels(VoxelFormat f) {
        return new RenderSettings(stepMm, projector, f);
    }
}

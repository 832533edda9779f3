package org.crossview.render;

import java.util.Locale;

/**
 * How the Java back end stores the voxels in its bricks ({@link BrickedVolume}). The loops are memory-bound when
 * neighbouring rays are far apart (every sample touches new cache lines), so the bytes per voxel set the speed there;
 * where the volume stays in cache, the int → float conversion of each 16-bit voxel read costs more than it saves.
 * {@link #F32}: the float μ as given. {@link #U16}: 16-bit fixed point ({@link Fixed16}, μ = code·max μ/65535), half
 * the bytes; exactly 0 where μ is 0, so empty-space skipping stays exact; its rounding (≤ max μ/131070 per voxel) is a
 * different volume, not an approximation of the loops, so the pose gradient stays the exact gradient of the images.
 * Volumes with a negative voxel (not attenuation, but accepted by the renderer) fall back to {@link #F32}.
 */
public enum VoxelFormat {
    F32,
    U16,
    /**
     * The projector's faster format in {@code crossview bench render} (phantom and two real CTs, 128² and 256²): U16 for
     * {@link Projector#JOSEPH} (4 voxels per sample; 1.3–1.5× at 128², 0.85–1.2× at 256²), F32 for the trilinear
     * projector (8 conversions per sample: 16-bit was 0.76–0.9× at 256² and only 0.96–1.13× at 128²).
     */
    AUTO;

    /** The stored format for this projector: AUTO resolved, the others as they are. */
    public VoxelFormat resolve(Projector projector) {
        if (this != AUTO) return this;
        return projector == Projector.JOSEPH ? U16 : F32;
    }

    /** Lower-case name, as in options and back end names ("cpu-f32"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

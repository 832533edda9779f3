package org.crossview.render;

import java.util.Locale;

/**
 * How the Java back end stores the voxels in its bricks ({@link BrickedVolume}). The loops are memory-bound when
 * neighbouring rays are far apart (every sample touches new cache lines), so the bytes per voxel set the speed there.
 * {@link #F32}: the float μ as given. {@link #U16}: 16-bit fixed point ({@link Fixed16}, μ = code·max μ/65535), half
 * the bytes; exactly 0 where μ is 0, so empty-space skipping stays exact; its rounding (≤ max μ/131070 per voxel) is a
 * different volume, not an approximation of the loops, so the pose gradient stays the exact gradient of the images.
 * Volumes with a negative voxel (not attenuation, but accepted by the renderer) fall back to {@link #F32}.
 */
public enum VoxelFormat {
    F32,
    U16;

    /** Lower-case name, as in options and back end names ("cpu-f32"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

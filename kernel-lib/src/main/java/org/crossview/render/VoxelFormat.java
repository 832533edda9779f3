package org.crossview.render;

/**
 * How the Java back end stores the voxels, one format per projector ({@link #of}): in bricks ({@link BrickedVolume}) or pencils ({@link PencilVolume}).
 * {@link #F32}: the float μ as given, for the trilinear projector (8 voxels per sample: as 16-bit codes their 8 int → float
 * conversions cost more than the halved memory saves; measured 0.76–1.13× in {@code crossview bench render}).
 * {@link #U16}: 16-bit fixed point ({@link Fixed16}, μ = code·max μ/65535), half the bytes, for {@link Projector#JOSEPH} ({@link PencilVolume})
 * (4 voxels per sample; 1.3–1.5× at 128²); exactly 0 where μ is 0, so empty-space skipping stays exact; its rounding
 * (≤ max μ/131070 per voxel) is a different volume, not an approximation of the loops, so the pose gradient stays the
 * exact gradient of the images. It needs μ ≥ 0 (attenuation; {@link org.crossview.volume.Attenuation} clamps at 0).
 */
public enum VoxelFormat {
    F32,
    U16;

    /** The format the projector's loops read. */
    public static VoxelFormat of(Projector projector) {
        return projector == Projector.JOSEPH ? U16 : F32;
    }
}

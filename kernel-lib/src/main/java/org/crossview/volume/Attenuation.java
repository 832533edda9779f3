package org.crossview.volume;

/**
 * Hounsfield units → linear attenuation μ (per mm) for the renderer (DESIGN.md §3):
 * μ = μ_water·(1 + HU/1000), clamped at 0 (air and anything below it attenuate nothing).
 *
 * <p>Optional bone boost (DiffPose-style contrast between bone and soft tissue): above
 * {@link #BONE_THRESHOLD_HU} the part of μ in excess of μ(threshold) is multiplied by {@code boneMultiplier}.
 * Unlike scaling the whole of μ above the threshold, this keeps μ continuous in HU (no artificial edge at
 * 350 HU); a multiplier of 1 leaves the linear law untouched.
 */
public final class Attenuation {
    /** μ of water at ≈ 60 keV, per mm. */
    public static final double MU_WATER_PER_MM = 0.02;
    /** HU above which the bone multiplier applies. */
    public static final double BONE_THRESHOLD_HU = 350;

    private Attenuation() {}

    /** μ with μ_water = 0.02 /mm and no bone boost. */
    public static Volume fromHu(Volume hu) {
        return fromHu(hu, MU_WATER_PER_MM, 1);
    }

    public static Volume fromHu(Volume hu, double muWaterPerMm, double boneMultiplier) {
        if (hu == null) throw new IllegalArgumentException("hu: null volume");
        if (!(muWaterPerMm > 0) || !Double.isFinite(muWaterPerMm)) {
            throw new IllegalArgumentException("muWaterPerMm: must be positive and finite, got " + muWaterPerMm);
        }
        if (!(boneMultiplier > 0) || !Double.isFinite(boneMultiplier)) {
            throw new IllegalArgumentException("boneMultiplier: must be positive and finite (1 = off), got " + boneMultiplier);
        }
        float[] in = hu.data();
        float[] out = new float[in.length];
        double muAtThreshold = muWaterPerMm * (1 + BONE_THRESHOLD_HU / 1000);
        for (int n = 0; n < in.length; n++) {
            float h = in[n];
            if (!Float.isFinite(h)) {
                int nx = hu.nx(), ny = hu.ny();
                throw new IllegalArgumentException("hu: non-finite value " + h + " at voxel (i,j,k)=(" + n % nx + "," + (n / nx) % ny + "," + n / (nx * ny) + ")");
            }
            double mu = muWaterPerMm * (1 + h / 1000.0);
            if (h > BONE_THRESHOLD_HU) mu = muAtThreshold + boneMultiplier * (mu - muAtThreshold);
            out[n] = (float) Math.max(0, mu);
        }
        return hu.withData(out);
    }

    /** The inverse of the linear law (no bone boost): HU = 1000·(μ/μ_water − 1). */
    public static double huOf(double muPerMm, double muWaterPerMm) {
        return 1000 * (muPerMm / muWaterPerMm - 1);
    }
}

package org.crossview.coarse.physics;

import org.crossview.volume.Volume;

/**
 * The patient beyond the CT's cut faces. A CT covers a slab of the body along its slice axis (k), but the
 * X-ray beam crosses the patient above and below it too, so real X-rays show no edge where the CT stops.
 * This volume continues the body: the outermost slices of the CT (averaged over {@link #BOUNDARY_SLICES},
 * μ capped at soft tissue so bone is not extruded into bars) repeated for {@code lengthMm} beyond one cut
 * face, on a grid aligned with the CT's (same directions, in-plane binned to about {@code coarseMm}, slices
 * {@code coarseMm} thick: it is smooth along the extrusion, so a coarse grid renders it faithfully).
 *
 * <p>Line integrals are linear in μ, so its DRR is rendered once per view and added with a random
 * weight, like the bone excess.
 */
public final class SoftTissueExtension {
    /** Slices averaged at the cut face (one slice is noisy). */
    public static final int BOUNDARY_SLICES = 3;

    /** Which cut face: before slice 0 or after slice nz−1. */
    public enum Side { LOW, HIGH }

    private SoftTissueExtension() {}

    /**
     * @param mu the CT's attenuation (per mm)
     * @param capPerMm the largest μ extruded (soft tissue; bone and metal at the face are clipped to it)
     */
    public static Volume of(Volume mu, Side side, double lengthMm, double coarseMm, double capPerMm) {
        if (!(lengthMm > 0) || !(coarseMm > 0)) throw new IllegalArgumentException("extension: length and grid must be positive");
        double[] sp = mu.spacingMm();
        int b = Math.max(1, (int) Math.floor(coarseMm / Math.max(sp[0], sp[1])));
        int nx = Math.max(1, mu.nx() / b), ny = Math.max(1, mu.ny() / b);
        double dz = Math.max(coarseMm, sp[2]);
        int nz = Math.max(1, (int) Math.ceil(lengthMm / dz));
        int slices = Math.min(BOUNDARY_SLICES, mu.nz());
        float[] face = new float[nx * ny];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                double s = 0;
                for (int s3 = 0; s3 < slices; s3++) {
                    int k = side == Side.LOW ? s3 : mu.nz() - 1 - s3;
                    for (int y = 0; y < b; y++) for (int x = 0; x < b; x++) s += mu.get(i * b + x, j * b + y, k);
                }
                face[j * nx + i] = (float) Math.min(capPerMm, s / (slices * b * b));
            }
        }
        float[] data = new float[nx * ny * nz];
        for (int k = 0; k < nz; k++) System.arraycopy(face, 0, data, k * nx * ny, nx * ny);
        // Slice centres continue the CT's: the first lies half a CT slice + half a coarse slice beyond the face slice's centre.
        double firstOffsetVoxels = (0.5 * sp[2] + 0.5 * dz) / sp[2];
        double kStart = side == Side.LOW ? -firstOffsetVoxels - (nz - 1) * dz / sp[2] : mu.nz() - 1 + firstOffsetVoxels;
        double centreOffset = (b - 1) / 2.0;
        double[] origin = mu.indexToLps(centreOffset, centreOffset, kStart);
        return new Volume(nx, ny, nz, new double[] {sp[0] * b, sp[1] * b, dz}, origin, mu.direction(), data);
    }
}

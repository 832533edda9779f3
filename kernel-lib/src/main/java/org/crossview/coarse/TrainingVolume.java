package org.crossview.coarse;

import org.crossview.geometry.Camera;
import org.crossview.volume.Resample;
import org.crossview.volume.Volume;

/**
 * The CT as the coarse stage renders it. A 64² network image has pixels of ≈ 3.4 mm at the isocentre, so
 * marching a 1 mm CT in 1 mm steps computes detail no pixel can show: the volume is block-averaged by the
 * largest integer factor that keeps its voxels within one pixel footprint (averaging keeps line integrals and
 * low-pass filters, where trilinear resampling would alias), and rays are marched in steps of one footprint.
 * This is where the coarse stage's DRRs/s come from; refinement renders the full CT at its own resolution.
 *
 * @param mu the volume the training renderer gets
 * @param stepMm its ray step
 * @param factor the block size used (1 = the CT as it is)
 */
public record TrainingVolume(Volume mu, double stepMm, int factor) {

    /** Pixel footprint of {@code camera} at {@code isoDistanceMm} from the source (mm; the larger of the two axes). */
    public static double footprintMm(Camera camera, double isoDistanceMm) {
        double pixel = Math.max(camera.sourceToDetectorMm() / Math.abs(camera.fx()), camera.sourceToDetectorMm() / Math.abs(camera.fy()));
        return pixel * isoDistanceMm / camera.sourceToDetectorMm();
    }

    public static TrainingVolume forCamera(Volume mu, Camera camera, double isoDistanceMm) {
        double footprint = footprintMm(camera, isoDistanceMm);
        double[] s = mu.spacingMm();
        double finest = Math.min(s[0], Math.min(s[1], s[2])), coarsest = Math.max(s[0], Math.max(s[1], s[2]));
        int factor = Math.max(1, (int) Math.floor(footprint / coarsest + 1e-9));
        Volume v = factor == 1 ? mu : Resample.downsample(mu, factor);
        return new TrainingVolume(v, Math.max(footprint, factor * finest), factor);
    }
}

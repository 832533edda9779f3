package org.crossview.coarse;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.volume.Volume;

/**
 * The patient CT the coarse network is trained for: attenuation μ (per mm, the renderer's input), 3D
 * landmarks (LPS mm; used for scoring, never for training) and the isocentre of the reference AP view.
 */
public record CtSource(String name, Volume mu, Map<String, double[]> landmarksLps, double[] isocentreLps) {

    /** μ of water at ≈ 60 keV (DESIGN.md §3). */
    public static final double MU_WATER_PER_MM = 0.02;
    /** Voxels above 350 HU are bone for the bone-multiplier augmentation (DiffPose). */
    public static final double BONE_THRESHOLD_HU = 350;

    /** μ above which a voxel is bone: μ_water·(1 + 350/1000). */
    public static double boneThresholdMu() {
        return MU_WATER_PER_MM * (1 + BONE_THRESHOLD_HU / 1000);
    }

    /**
     * A specimen of a DeepFluoro-layout file: its CT converted with μ = μ_water·(1 + HU/1000) clamped at
     * 0; the isocentre is the centroid of its landmarks (the pelvis), or the volume's centre without any.
     */
    public static CtSource deepFluoro(Path file, String specimen) {
        try (DeepFluoroFile f = DeepFluoroFile.open(file)) {
            DeepFluoroSpecimen s = specimen == null ? f.specimen(0) : f.specimen(specimen);
            Volume hu = s.volumeHu();
            Map<String, double[]> lm = new LinkedHashMap<>(s.landmarksLps());
            return new CtSource(file.getFileName() + ":" + s.name(), muFromHu(hu), lm, lm.isEmpty() ? hu.centreLps() : centroid(lm));
        }
    }

    // The linear law of DESIGN.md §3 (no bone boost), applied here at the border where HU enter.
    static Volume muFromHu(Volume hu) {
        float[] in = hu.data();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) out[i] = (float) Math.max(0, MU_WATER_PER_MM * (1 + in[i] / 1000.0));
        return hu.withData(out);
    }

    static double[] centroid(Map<String, double[]> points) {
        double[] c = new double[3];
        for (double[] p : points.values()) {
            for (int a = 0; a < 3; a++) c[a] += p[a] / points.size();
        }
        return c;
    }

    /** The landmarks as an array, or the 8 corners of a 100 mm cube about the isocentre when there are none. */
    public double[][] scoringPoints() {
        if (!landmarksLps.isEmpty()) return landmarksLps.values().toArray(new double[0][]);
        return PointPoseTerms.cube(isocentreLps, 100).pointsLps();
    }
}

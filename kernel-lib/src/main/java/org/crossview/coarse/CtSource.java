package org.crossview.coarse;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.io.IOException;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.volume.Attenuation;
import org.crossview.volume.LandmarksCsv;
import org.crossview.volume.Nifti;
import org.crossview.volume.PelvisPhantom;
import org.crossview.volume.Phantom;
import org.crossview.volume.Volume;

/**
 * The patient CT the coarse network is trained for: attenuation μ (per mm, the renderer's input), 3D
 * landmarks (LPS mm; used for scoring, never for training) and the isocentre of the reference AP view.
 */
public record CtSource(String name, Volume mu, Map<String, double[]> landmarksLps, double[] isocentreLps) {

    /** μ above which a voxel is bone for the bone-multiplier augmentation: μ at 350 HU (the volume package's threshold). */
    public static double boneThresholdMu() {
        return Attenuation.MU_WATER_PER_MM * (1 + Attenuation.BONE_THRESHOLD_HU / 1000);
    }

    /**
     * A specimen of a DeepFluoro-layout file: its CT as μ ({@link Attenuation#fromHu}); the isocentre is the
     * centroid of its landmarks (the pelvis), or the volume's centre without any.
     */
    public static CtSource deepFluoro(Path file, String specimen) {
        try (DeepFluoroFile f = DeepFluoroFile.open(file)) {
            DeepFluoroSpecimen s = specimen == null ? f.specimen(0) : f.specimen(specimen);
            Volume hu = s.volumeHu();
            return of(file.getFileName() + ":" + s.name(), hu, s.landmarksLps());
        }
    }

    /** The embedded pelvis phantom at {@code voxelMm}, with its 14 DeepFluoro landmarks. */
    public static CtSource phantom(double voxelMm) {
        Phantom p = PelvisPhantom.generate(voxelMm);
        return new CtSource("pelvis-phantom@" + voxelMm + "mm", p.mu(), new LinkedHashMap<>(p.landmarksLps()), centroid(p.landmarksLps()));
    }

    /** A NIfTI CT in HU, with landmarks from a CSV (name,x,y,z LPS mm) or none. */
    public static CtSource nifti(Path ct, Path landmarksCsv) throws IOException {
        Volume hu = Nifti.read(ct);
        Map<String, double[]> lm = landmarksCsv == null ? Map.of() : LandmarksCsv.read(landmarksCsv);
        return of(ct.getFileName().toString(), hu, lm);
    }

    private static CtSource of(String name, Volume hu, Map<String, double[]> landmarks) {
        Map<String, double[]> lm = new LinkedHashMap<>(landmarks);
        return new CtSource(name, Attenuation.fromHu(hu), lm, lm.isEmpty() ? hu.centreLps() : centroid(lm));
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

package org.crossview.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crossview.volume.LandmarksCsv;
import org.crossview.volume.Nifti;
import org.crossview.volume.PelvisPhantom;
import org.crossview.volume.Phantom;
import org.crossview.volume.Resample;
import org.crossview.volume.Volume;

/**
 * A CT by a one-word spec, so that a notebook switches from the embedded phantom to a real CT by changing one
 * string:
 * <ul>
 * <li>{@code phantom}: the embedded pelvis ({@link PelvisPhantom}) with its labels and 14 DeepFluoro landmarks;
 * <li>{@code PATH.nii} / {@code PATH.nii.gz}: a CT in HU, with landmarks from {@code PATH.landmarks.csv} beside it
 *     when that exists ({@link LandmarksCsv}: name,x,y,z in LPS mm), no labels;
 * <li>{@code PATH.h5} or {@code PATH.h5:SPECIMEN}: a specimen of a DeepFluoro-layout file (the first one by
 *     default) with its {@code vol-seg} and {@code vol-landmarks}.
 * </ul>
 */
public final class CtLoader {
    private CtLoader() {}

    /**
     * @param voxelMm the phantom's voxel size; a file's CT with finer voxels is resampled to it (trilinear,
     *                labels nearest) to keep notebooks fast, 0 keeps files as they are
     */
    public static SimulatedDataset.Source load(String spec, double voxelMm) throws IOException {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("CT: empty spec (expected phantom, a .nii/.nii.gz file or a .h5 file[:specimen])");
        String s = spec.trim();
        if (s.equals("phantom")) {
            Phantom p = PelvisPhantom.generate(voxelMm > 0 ? voxelMm : 2.0);
            return new SimulatedDataset.Source("pelvis-phantom", p.hu(), Segmentation.of(p.labels(), Phantom.LABEL_NAMES), p.landmarksLps());
        }
        String lower = s.toLowerCase();
        if (lower.endsWith(".nii") || lower.endsWith(".nii.gz")) {
            Path file = Path.of(s);
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("CT: no such NIfTI file: " + file);
            Volume hu = coarsen(Nifti.read(file), voxelMm, Resample.Interpolation.LINEAR);
            String base = file.getFileName().toString().replaceFirst("(?i)\\.nii(\\.gz)?$", "");
            Path csv = file.resolveSibling(base + ".landmarks.csv");
            Map<String, double[]> landmarks = Files.isRegularFile(csv) ? LandmarksCsv.read(csv) : Map.of();
            return new SimulatedDataset.Source(base, hu, null, landmarks);
        }
        int colon = s.toLowerCase().lastIndexOf(".h5:");
        Path file = Path.of(colon >= 0 ? s.substring(0, colon + 3) : s);
        String specimen = colon >= 0 ? s.substring(colon + 4) : null;
        if (!file.toString().toLowerCase().endsWith(".h5")) {
            throw new IllegalArgumentException("CT: '" + spec + "' is neither 'phantom', a .nii/.nii.gz file nor a .h5 file[:specimen]");
        }
        try (DeepFluoroFile f = DeepFluoroFile.open(file)) {
            DeepFluoroSpecimen sp = specimen == null ? f.specimen(0) : f.specimen(specimen);
            Volume hu = coarsen(sp.volumeHu(), voxelMm, Resample.Interpolation.LINEAR);
            Segmentation seg = null;
            if (sp.hasSegmentation()) {
                Segmentation full = sp.segmentation();
                seg = Segmentation.of(coarsen(full.labels(), voxelMm, Resample.Interpolation.NEAREST), full.names());
                if (seg.labels().nx() != hu.nx() || seg.labels().ny() != hu.ny() || seg.labels().nz() != hu.nz()) seg = null;
            }
            return new SimulatedDataset.Source(sp.name(), hu, seg, new LinkedHashMap<>(sp.landmarksLps()));
        }
    }

    /** The centre of the anatomy: the landmarks' centroid, or the volume's centre when there are none. */
    public static double[] isocentreLps(SimulatedDataset.Source ct) {
        return SimulatedDataset.isocentre(ct);
    }

    private static Volume coarsen(Volume v, double voxelMm, Resample.Interpolation how) {
        if (!(voxelMm > 0)) return v;
        double[] s = v.spacingMm();
        if (Math.min(s[0], Math.min(s[1], s[2])) >= voxelMm * 0.999) return v;
        double[] target = {Math.max(s[0], voxelMm), Math.max(s[1], voxelMm), Math.max(s[2], voxelMm)};
        return Resample.toSpacing(v, target, how);
    }
}

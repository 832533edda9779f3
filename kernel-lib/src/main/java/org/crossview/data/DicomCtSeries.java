package org.crossview.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.crossview.volume.Nifti;
import org.crossview.volume.Reorient;
import org.crossview.volume.Volume;

/**
 * A CT for {@code crossview import}: a DICOM series (a folder, or one of its files) or a NIfTI file, returned
 * in Hounsfield units in the identity-direction LPS frame of DESIGN.md §2.
 *
 * <p>DICOM: slices are ordered by ImagePositionPatient projected on the slice normal (row × column direction of
 * ImageOrientationPatient; file names and InstanceNumber mean nothing); every slice must share the series,
 * orientation, size and pixel spacing, and the gaps between slice positions must be uniform (within
 * {@link #GAP_TOLERANCE} of the median). Values are RescaleSlope·stored + RescaleIntercept. DICOM's patient
 * frame is LPS already, so the volume's direction is [row dir, column dir, normal]; {@link Reorient} brings it to
 * the identity direction (exact for axial/sagittal/coronal, flipped or not; trilinear for oblique series).
 */
public final class DicomCtSeries {
    private DicomCtSeries() {}

    /** Relative spread of slice gaps accepted as uniform. */
    static final double GAP_TOLERANCE = 0.01;
    /** Air, for the corners an oblique series does not cover once resampled. */
    static final float AIR_HU = -1024;

    private record Slice(DicomFile file, double positionMm) {}

    /** Reads {@code path}: a .nii/.nii.gz file, a DICOM file (its folder's series of that file) or a folder of one series. */
    public static Volume read(Path path, Consumer<String> progress) throws IOException {
        String lower = path.getFileName().toString().toLowerCase();
        if (Files.isRegularFile(path) && (lower.endsWith(".nii") || lower.endsWith(".nii.gz"))) {
            return Reorient.toIdentityDirection(Nifti.read(path), AIR_HU);
        }
        if (Files.isRegularFile(path)) {
            DicomFile one = DicomFile.open(path);
            return readSeries(path.getParent() == null ? Path.of(".") : path.getParent(), one.stringOr("0020,000E", null), progress);
        }
        if (!Files.isDirectory(path)) throw new IllegalArgumentException("--ct: no such file or folder: " + path);
        return readSeries(path, null, progress);
    }

    private static Volume readSeries(Path dir, String seriesUid, Consumer<String> progress) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().equalsIgnoreCase("DICOMDIR")).sorted().toList();
        }
        Map<String, List<DicomFile>> bySeries = new TreeMap<>();
        int skipped = 0;
        for (Path f : files) {
            if (!DicomFile.isDicom(f)) {
                skipped++;
                continue;
            }
            DicomFile d = DicomFile.open(f);
            bySeries.computeIfAbsent(d.stringOr("0020,000E", "(no SeriesInstanceUID)"), k -> new ArrayList<>()).add(d);
        }
        if (bySeries.isEmpty()) throw new IllegalArgumentException("--ct: " + dir + ": no DICOM file (" + files.size() + " other files)");
        if (skipped > 0 && progress != null) progress.accept("CT: skipped " + skipped + " file(s) of " + dir + " that are not DICOM");
        List<DicomFile> series;
        if (seriesUid != null) {
            series = bySeries.get(seriesUid);
        } else if (bySeries.size() > 1) {
            StringBuilder sb = new StringBuilder("--ct: " + dir + " holds " + bySeries.size() + " series (SeriesInstanceUID (0020,000E)): ");
            bySeries.forEach((uid, l) -> sb.append("\n  ").append(uid).append(": ").append(l.size()).append(" files, e.g. ").append(l.get(0).path().getFileName()));
            throw new IllegalArgumentException(sb.append("\ngive one file of the series you want, or a folder holding one series").toString());
        } else {
            series = bySeries.values().iterator().next();
        }
        return assemble(series, progress);
    }

    static Volume assemble(List<DicomFile> series, Consumer<String> progress) {
        DicomFile first = series.get(0);
        double[] iop = first.doubles("0020,0037", "Image Orientation (Patient)", 6);
        double[] row = unit(first, Arrays.copyOfRange(iop, 0, 3)), col = unit(first, Arrays.copyOfRange(iop, 3, 6));
        if (Math.abs(dot(row, col)) > 1e-3) throw new IllegalArgumentException(first.path() + ": DICOM tag (0020,0037) Image Orientation (Patient): row and column directions are not perpendicular");
        double[] normal = {row[1] * col[2] - row[2] * col[1], row[2] * col[0] - row[0] * col[2], row[0] * col[1] - row[1] * col[0]};
        int rows = first.integer(DicomFile.ROWS, "Rows"), cols = first.integer(DicomFile.COLUMNS, "Columns");
        double[] ps = first.doubles("0028,0030", "Pixel Spacing", 2); // row spacing (between rows) \ column spacing
        List<Slice> slices = new ArrayList<>();
        for (DicomFile d : series) {
            d.requireUncompressed();
            double[] o = d.doubles("0020,0037", "Image Orientation (Patient)", 6);
            for (int a = 0; a < 6; a++) {
                if (Math.abs(o[a] - iop[a]) > 1e-4) throw new IllegalArgumentException(d.path() + ": DICOM tag (0020,0037) Image Orientation (Patient) differs from " + first.path().getFileName() + "'s: not one series");
            }
            if (d.integer(DicomFile.ROWS, "Rows") != rows || d.integer(DicomFile.COLUMNS, "Columns") != cols) {
                throw new IllegalArgumentException(d.path() + ": DICOM tags (0028,0010)/(0028,0011) Rows/Columns differ from " + first.path().getFileName() + "'s: not one series");
            }
            double[] p = d.doubles("0028,0030", "Pixel Spacing", 2);
            if (Math.abs(p[0] - ps[0]) > 1e-4 * ps[0] || Math.abs(p[1] - ps[1]) > 1e-4 * ps[1]) {
                throw new IllegalArgumentException(d.path() + ": DICOM tag (0028,0030) Pixel Spacing differs from " + first.path().getFileName() + "'s: not one series");
            }
            slices.add(new Slice(d, dot(d.doubles("0020,0032", "Image Position (Patient)", 3), normal)));
        }
        slices.sort(Comparator.comparingDouble(Slice::positionMm));
        double gap = sliceGapMm(slices);
        int nz = slices.size();
        float[] data = new float[rows * cols * nz];
        long t0 = System.nanoTime();
        for (int k = 0; k < nz; k++) {
            System.arraycopy(slices.get(k).file().pixels(), 0, data, k * rows * cols, rows * cols);
            if (progress != null && (k % 50 == 49 || k == nz - 1)) {
                double s = (System.nanoTime() - t0) * 1e-9;
                progress.accept(String.format("CT: %d/%d slices read (%.1f s, ~%.0f s left)", k + 1, nz, s, s / (k + 1) * (nz - k - 1)));
            }
        }
        double[] origin = slices.get(0).file().doubles("0020,0032", "Image Position (Patient)", 3);
        double[] direction = {row[0], col[0], normal[0], row[1], col[1], normal[1], row[2], col[2], normal[2]};
        Volume v = new Volume(cols, rows, nz, new double[] {ps[1], ps[0], gap}, origin, direction, data);
        if (progress != null && !Reorient.isAxisAligned(direction)) progress.accept("CT: oblique ImageOrientationPatient " + Arrays.toString(iop) + ": resampling (trilinear) to LPS axes");
        return Reorient.toIdentityDirection(v, AIR_HU);
    }

    /** The median gap between consecutive slices, after checking every gap is within {@link #GAP_TOLERANCE} of it. */
    private static double sliceGapMm(List<Slice> slices) {
        if (slices.size() < 2) throw new IllegalArgumentException(slices.get(0).file().path() + ": a CT series needs at least 2 slices, found 1");
        double[] gaps = new double[slices.size() - 1];
        for (int k = 0; k < gaps.length; k++) gaps[k] = slices.get(k + 1).positionMm() - slices.get(k).positionMm();
        double[] sorted = gaps.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        for (int k = 0; k < gaps.length; k++) {
            if (gaps[k] < 1e-3 || Math.abs(gaps[k] - median) > GAP_TOLERANCE * median) {
                throw new IllegalArgumentException(String.format("%s and %s: slice gap %.4f mm along the normal where the series' median is %.4f mm "
                        + "(duplicate, missing or unevenly spaced slices; DICOM tag (0020,0032) Image Position (Patient))",
                        slices.get(k).file().path(), slices.get(k + 1).file().path().getFileName(), gaps[k], median));
            }
        }
        return median;
    }

    private static double[] unit(DicomFile f, double[] v) {
        double n = Math.sqrt(dot(v, v));
        if (!(n > 0.5)) throw new IllegalArgumentException(f.path() + ": DICOM tag (0020,0037) Image Orientation (Patient): not unit vectors");
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}

package org.crossview.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;

/**
 * A C-arm X-ray read from DICOM (XA, RF, DX, CR) with its geometry from the header, in the conventions of
 * DESIGN.md §2: raw-intensity-like pixels ({@link XrayIntensity}), columns towards the patient's left and rows
 * towards the feet in the AP view (the {@link CArm} camera axes), a centred pinhole camera, and the C-arm angles.
 *
 * <p>Header fields: DistanceSourceToDetector (0018,1110), DistanceSourceToPatient (0018,1111; source to
 * isocentre), ImagerPixelSpacing (0018,1164; at the detector) — or, when absent, PixelSpacing (0028,0030),
 * ASSUMED to be at the detector as well (it is for most C-arms; a calibrated isocentre spacing would scale the
 * focal length by SDD/SID) — Rows/Columns, PositionerPrimaryAngle (0018,1510; LAO +) and
 * PositionerSecondaryAngle (0018,1511; cranial +), PatientOrientation (0020,0020; optional). The principal point
 * is ASSUMED at the image centre (DICOM does not record it). Rotations are about the isocentre as in
 * {@link CArm}, the secondary angle riding on the primary, as DICOM's positioner defines them.
 *
 * @param name        the file name (for logs)
 * @param image       raw-intensity-like, oriented as the {@link CArm} camera sees it
 * @param flips       what was done to the stored pixels ("", "columns", "rows", "columns+rows")
 * @param intensity   how the values were read (relationship and why)
 * @param spacingFrom the tag the pixel spacing came from (PixelSpacing is flagged as assumed at the detector)
 */
public record ImportedXray(String name, Image image, Camera camera, double laoDeg, double cranialDeg, double sourceToIsocentreMm,
        String flips, String intensity, String spacingFrom) {

    /** Options the header cannot tell. */
    public record Settings(XrayIntensity.Relationship relationship, boolean boneBright) {
        public static Settings defaults() {
            return new Settings(null, false);
        }
    }

    /** A DICOM file, or a .png/.tif/.tiff with its geometry in a JSON beside it (same name, .json; see {@link DicomFile#fromPlainImage}). */
    public static ImportedXray read(Path path, Settings s) throws java.io.IOException {
        String lower = path.getFileName().toString().toLowerCase();
        boolean plain = lower.endsWith(".png") || lower.endsWith(".tif") || lower.endsWith(".tiff");
        DicomFile d = plain ? DicomFile.fromPlainImage(path, path.resolveSibling(path.getFileName().toString().replaceFirst("\\.[^.]+$", "") + ".json"))
                : DicomFile.open(path);
        d.requireUncompressed();
        int rows = d.integer(DicomFile.ROWS, "Rows"), cols = d.integer(DicomFile.COLUMNS, "Columns");
        double sdd = positive(d, "0018,1110", "Distance Source to Detector");
        double dsp = positive(d, "0018,1111", "Distance Source to Patient");
        if (dsp >= sdd) throw new IllegalArgumentException(path + ": DICOM tags (0018,1111) Distance Source to Patient " + dsp + " mm ≥ (0018,1110) Distance Source to Detector " + sdd + " mm");
        double[] spacing = d.has("0018,1164") ? d.doubles("0018,1164", "Imager Pixel Spacing", 2) : d.has("0028,0030") ? d.doubles("0028,0030", "Pixel Spacing", 2) : null;
        if (spacing == null) throw new IllegalArgumentException(path + ": missing DICOM tag (0018,1164) Imager Pixel Spacing (and no (0028,0030) Pixel Spacing to fall back on)");
        if (!(spacing[0] > 0 && spacing[1] > 0)) throw new IllegalArgumentException(path + ": pixel spacing must be positive, got " + spacing[0] + "\\" + spacing[1]);
        double lao = d.number("0018,1510", "Positioner Primary Angle");
        double cranial = d.number("0018,1511", "Positioner Secondary Angle");
        String photometric = d.string("0028,0004", "Photometric Interpretation").trim();
        if (!photometric.equals("MONOCHROME1") && !photometric.equals("MONOCHROME2")) {
            throw new IllegalArgumentException(path + ": DICOM tag (0028,0004) Photometric Interpretation " + photometric + ": only MONOCHROME1 and MONOCHROME2 are read");
        }
        boolean grows;
        String why;
        if (d.has("0028,1041")) {
            double sign = d.number("0028,1041", "Pixel Intensity Relationship Sign");
            if (sign > 32767) sign -= 65536; // ImageJ prints this SS value unsigned (−1 as 65535)
            grows = sign > 0;
            why = "sign tag";
        } else {
            grows = photometric.equals("MONOCHROME2") != s.boneBright();
            why = photometric + (s.boneBright() ? ", bone bright" : ", bone dark");
        }
        XrayIntensity.Relationship rel = s.relationship();
        if (rel == null) {
            String r = d.stringOr("0028,1040", "LOG").trim().toUpperCase();
            rel = r.equals("LIN") ? XrayIntensity.Relationship.LIN : XrayIntensity.Relationship.LOG;
            why += d.has("0028,1040") ? ", relationship " + r : ", no (0028,1040): assumed log-processed";
        }
        int bits = d.has("0028,0101") ? d.integer("0028,0101", "Bits Stored") : 16;
        boolean signed = d.has("0028,0103") && d.integer("0028,0103", "Pixel Representation") == 1;
        double slope = d.has("0028,1053") ? d.number("0028,1053", "Rescale Slope") : 1, intercept = d.has("0028,1052") ? d.number("0028,1052", "Rescale Intercept") : 0;
        double top = ((signed ? (1L << (bits - 1)) : (1L << bits)) - 1) * slope + intercept;
        float[] raw = XrayIntensity.toRawIntensity(d.pixels(), grows, rel, top);
        Image image = new Image(cols, rows, raw);
        // PatientOrientation: compare the stored row/column directions with the camera axes the angles imply
        Rigid isoFromCam = new CArm(Rigid.identity(), dsp).isoFromCam(lao, cranial);
        double[] r = isoFromCam.rotation();
        double[] camX = {r[0], r[3], r[6]}, camY = {r[1], r[4], r[7]};
        List<String> flips = new ArrayList<>();
        if (d.has("0020,0020")) {
            String[] o = d.string("0020,0020", "Patient Orientation").split("\\\\");
            if (o.length != 2) throw new IllegalArgumentException(path + ": DICOM tag (0020,0020) Patient Orientation: expected two values, got '" + d.string("0020,0020", "") + "'");
            if (flip(path, o[0], camX, "columns (first value)")) {
                image = flipColumns(image);
                flips.add("columns");
            }
            if (flip(path, o[1], camY, "rows (second value)")) {
                image = flipRows(image);
                flips.add("rows");
            }
        }
        Camera camera = Camera.centred(cols, rows, spacing[1], spacing[0], sdd);
        return new ImportedXray(path.getFileName().toString(), image, camera, lao, cranial, dsp, String.join("+", flips),
                rel.name().toLowerCase() + " (" + why + ")", d.has("0018,1164") ? "ImagerPixelSpacing" : "PixelSpacing, assumed at the detector");
    }

    /** The pose of this view in the isocentre frame of {@link CArm} (patient lying straight). */
    public Rigid isoFromCam() {
        return new CArm(Rigid.identity(), sourceToIsocentreMm).isoFromCam(laoDeg, cranialDeg);
    }

    /** Whether a PatientOrientation value (e.g. "L", "RH", "P") points against the camera axis; an error when it is neither along nor against it. */
    static boolean flip(Path path, String letters, double[] axisLps, String what) {
        double[] v = new double[3];
        for (char ch : letters.trim().toUpperCase().toCharArray()) {
            switch (ch) {
                case 'L' -> v[0] += 1;
                case 'R' -> v[0] -= 1;
                case 'P' -> v[1] += 1;
                case 'A' -> v[1] -= 1;
                case 'H' -> v[2] += 1;
                case 'F' -> v[2] -= 1;
                default -> throw new IllegalArgumentException(path + ": DICOM tag (0020,0020) Patient Orientation: unknown direction '" + ch + "' in '" + letters + "'");
            }
        }
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        double c = n == 0 ? 0 : (v[0] * axisLps[0] + v[1] * axisLps[1] + v[2] * axisLps[2]) / n;
        if (Math.abs(c) < 0.5) {
            throw new IllegalArgumentException(String.format("%s: DICOM tag (0020,0020) Patient Orientation '%s' for the %s does not match the positioner angles, "
                    + "which put that image axis along LPS (%.2f, %.2f, %.2f)", path, letters, what, axisLps[0], axisLps[1], axisLps[2]));
        }
        return c < 0;
    }

    static Image flipColumns(Image im) {
        Image out = new Image(im.cols(), im.rows());
        for (int v = 0; v < im.rows(); v++) for (int u = 0; u < im.cols(); u++) out.set(u, v, im.get(im.cols() - 1 - u, v));
        return out;
    }

    static Image flipRows(Image im) {
        Image out = new Image(im.cols(), im.rows());
        for (int v = 0; v < im.rows(); v++) for (int u = 0; u < im.cols(); u++) out.set(u, v, im.get(u, im.rows() - 1 - v));
        return out;
    }

    private static double positive(DicomFile d, String tag, String name) {
        double x = d.number(tag, name);
        if (!(x > 0)) throw new IllegalArgumentException(d.path() + ": DICOM tag (" + tag + ") " + name + ": must be positive, got " + x);
        return x;
    }
}

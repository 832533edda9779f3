package org.crossview.data;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.plugin.DICOM;
import ij.process.ImageProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One DICOM file read with ImageJ ({@code net.imagej:ij}): the header as tag → text, and the pixels as
 * RescaleSlope·stored + RescaleIntercept. A PNG or TIFF image with a JSON of the same fields by their DICOM
 * keywords ({@link #fromPlainImage}) reads the same way. Only uncompressed transfer syntaxes are read; anything else, a
 * missing tag or an unreadable file fails with a message naming the file and the tag.
 *
 * <p>ImageJ 1.54f and the rescale: with a slope ≠ 1 it would convert the image to 32-bit through its menu
 * commands, which need a display; {@code Prefs.ignoreRescaleSlope} avoids that, and ImageJ then calibrates
 * only its 16-bit signed offset (+32768), so slope and intercept are applied here. With slope 1 it keeps the
 * intercept in its calibration (with the offset), and its calibrated value is used as is. Both paths are
 * checked against pydicom-written series with slopes 1, 0.5 and 0.25 (DicomImportTest).
 */
public final class DicomFile {
    /** Implicit VR little endian, explicit VR little endian, explicit VR big endian (ImageJ decodes these). */
    static final Set<String> UNCOMPRESSED = Set.of("1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2");

    public static final String TRANSFER_SYNTAX = "0002,0010";
    public static final String ROWS = "0028,0010";
    public static final String COLUMNS = "0028,0011";

    static {
        ij.Prefs.ignoreRescaleSlope = true;
    }

    private final Path path;
    private final Map<String, String> tags;
    private final boolean dicom;

    private DicomFile(Path path, Map<String, String> tags, boolean dicom) {
        this.path = path;
        this.tags = tags;
        this.dicom = dicom;
    }

    /** DICOM keyword → tag, for the fields a PNG/TIFF image's JSON may give. */
    static final Map<String, String> KEYWORDS = Map.ofEntries(
            Map.entry("DistanceSourceToDetector", "0018,1110"), Map.entry("DistanceSourceToPatient", "0018,1111"),
            Map.entry("ImagerPixelSpacing", "0018,1164"), Map.entry("PixelSpacing", "0028,0030"),
            Map.entry("PositionerPrimaryAngle", "0018,1510"), Map.entry("PositionerSecondaryAngle", "0018,1511"),
            Map.entry("PatientOrientation", "0020,0020"), Map.entry("PhotometricInterpretation", "0028,0004"),
            Map.entry("PixelIntensityRelationship", "0028,1040"), Map.entry("PixelIntensityRelationshipSign", "0028,1041"),
            Map.entry("RescaleSlope", "0028,1053"), Map.entry("RescaleIntercept", "0028,1052"));

    /**
     * A PNG or TIFF (8- or 16-bit grey, read by ImageJ) with a JSON object of header fields by DICOM keyword, e.g.
     * {@code {"DistanceSourceToDetector": 1020, "DistanceSourceToPatient": 750, "ImagerPixelSpacing": [0.3, 0.3],
     * "PositionerPrimaryAngle": 30, "PositionerSecondaryAngle": 0, "PixelIntensityRelationship": "LOG"}}
     * (lists for multi-valued fields; PhotometricInterpretation defaults to MONOCHROME2). Unknown keys are an error.
     */
    public static DicomFile fromPlainImage(Path image, Path json) throws java.io.IOException {
        if (!Files.isRegularFile(image)) throw new IllegalArgumentException(image + ": no such file");
        if (!Files.isRegularFile(json)) throw new IllegalArgumentException(image + ": a PNG/TIFF X-ray needs its geometry in " + json + " (no such file)");
        com.google.gson.JsonObject o;
        try {
            o = new com.google.gson.JsonParser().parse(Files.readString(json)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(json + ": not a JSON object (" + e.getMessage() + ")", e);
        }
        ImagePlus imp = ij.IJ.openImage(image.toString());
        if (imp == null) throw new IllegalArgumentException(image + ": ImageJ cannot read this image");
        if (imp.getType() != ImagePlus.GRAY8 && imp.getType() != ImagePlus.GRAY16) throw new IllegalArgumentException(image + ": only 8- and 16-bit grey images are read");
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(ROWS, Integer.toString(imp.getHeight()));
        tags.put(COLUMNS, Integer.toString(imp.getWidth()));
        tags.put("0028,0101", Integer.toString(imp.getBitDepth()));
        tags.put("0028,0004", "MONOCHROME2");
        for (Map.Entry<String, com.google.gson.JsonElement> e : o.entrySet()) {
            String tag = KEYWORDS.get(e.getKey());
            if (tag == null) throw new IllegalArgumentException(json + ": unknown field '" + e.getKey() + "' (known: " + new java.util.TreeSet<>(KEYWORDS.keySet()) + ")");
            com.google.gson.JsonElement v = e.getValue();
            List<String> parts = new java.util.ArrayList<>();
            if (v.isJsonArray()) v.getAsJsonArray().forEach(x -> parts.add(x.getAsString()));
            else parts.add(v.getAsString());
            tags.put(tag, String.join("\\", parts));
        }
        return new DicomFile(image, tags, false);
    }

    /** Whether ImageJ finds a DICOM header in the file (for skipping other files in a series folder). */
    public static boolean isDicom(Path path) {
        String info = info(path);
        return info != null && !info.isBlank();
    }

    private static String info(Path path) {
        try {
            return new DICOM().getInfo(path.toString());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Reads the header only; the pixels are decoded by {@link #pixels()}. */
    public static DicomFile open(Path path) {
        if (!Files.isRegularFile(path)) throw new IllegalArgumentException(path + ": no such file");
        String info = info(path);
        if (info == null || info.isBlank()) throw new IllegalArgumentException(path + ": not a DICOM file (ImageJ found no header)");
        Map<String, String> tags = new LinkedHashMap<>();
        for (String line : info.split("\n")) {
            // ImageJ writes "gggg,eeee  Name: value"; nested sequence items are prefixed with '>' and skipped
            if (line.length() < 11 || line.charAt(4) != ',' || !line.substring(0, 9).matches("[0-9A-Fa-f]{4},[0-9A-Fa-f]{4}")) continue;
            int colon = line.indexOf(": ", 9);
            tags.putIfAbsent(line.substring(0, 9).toUpperCase(), colon < 0 ? "" : line.substring(colon + 2).trim());
        }
        DicomFile d = new DicomFile(path, tags, true);
        d.requireSupportedTransferSyntax(); // before anything else: a compressed file's header may look incomplete
        if (!d.has(ROWS)) throw new IllegalArgumentException(path + ": not a DICOM image: missing DICOM tag (" + ROWS + ") Rows");
        return d;
    }

    public Path path() { return path; }

    public boolean has(String tag) {
        String v = tags.get(tag);
        return v != null && !v.isEmpty();
    }

    /** A tag's text, or a clear error naming the file and the tag. */
    public String string(String tag, String name) {
        if (!has(tag)) {
            if (!dicom) {
                String keyword = KEYWORDS.entrySet().stream().filter(e -> e.getValue().equals(tag)).map(Map.Entry::getKey).findFirst().orElse(name);
                throw new IllegalArgumentException(path + ": missing field " + keyword + " (DICOM tag (" + tag + ") " + name + ") in its JSON");
            }
            throw new IllegalArgumentException(path + ": missing DICOM tag (" + tag + ") " + name);
        }
        return tags.get(tag);
    }

    public String stringOr(String tag, String fallback) {
        return has(tag) ? tags.get(tag) : fallback;
    }

    /** A backslash-separated numeric tag with {@code n} values. */
    public double[] doubles(String tag, String name, int n) {
        String[] parts = string(tag, name).split("\\\\");
        if (parts.length != n) throw new IllegalArgumentException(path + ": DICOM tag (" + tag + ") " + name + ": expected " + n + " values, got '" + tags.get(tag) + "'");
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(path + ": DICOM tag (" + tag + ") " + name + ": not a number: '" + parts[i] + "'");
            }
            if (!Double.isFinite(out[i])) throw new IllegalArgumentException(path + ": DICOM tag (" + tag + ") " + name + ": not finite");
        }
        return out;
    }

    public double number(String tag, String name) {
        return doubles(tag, name, 1)[0];
    }

    public int integer(String tag, String name) {
        double x = number(tag, name);
        if (x != Math.rint(x)) throw new IllegalArgumentException(path + ": DICOM tag (" + tag + ") " + name + ": not an integer: " + x);
        return (int) x;
    }

    /** Throws unless the transfer syntax is one ImageJ decodes (a file without meta header is implicit little endian). */
    public void requireUncompressed() {
        if (!dicom) return;
        requireSupportedTransferSyntax();
        if (has("0028,0008") && number("0028,0008", "Number of Frames") > 1) {
            throw new IllegalArgumentException(path + ": DICOM tag (0028,0008) Number of Frames = " + tags.get("0028,0008")
                    + ": multi-frame images are not supported; export the frame to use as a single image");
        }
        if (has("0028,0002") && integer("0028,0002", "Samples per Pixel") != 1) {
            throw new IllegalArgumentException(path + ": DICOM tag (0028,0002) Samples per Pixel = " + tags.get("0028,0002") + ": only grey-scale images are read");
        }
    }

    private void requireSupportedTransferSyntax() {
        String ts = stringOr(TRANSFER_SYNTAX, "1.2.840.10008.1.2");
        if (!UNCOMPRESSED.contains(ts)) {
            throw new IllegalArgumentException(path + ": DICOM tag (" + TRANSFER_SYNTAX + ") Transfer Syntax UID " + ts
                    + " is compressed or unsupported; only uncompressed little/big endian is read (decompress first, e.g. `gdcmconv --raw` or `dcmdjpeg`)");
        }
    }

    /** Pixel values (row-major, {@code data[row*cols + col]}) with ImageJ's calibration (rescale) applied. */
    public float[] pixels() {
        requireUncompressed();
        int rows = integer(ROWS, "Rows"), cols = integer(COLUMNS, "Columns");
        ImagePlus d;
        if (dicom) {
            d = new DICOM();
            ((DICOM) d).open(path.toString());
        } else {
            d = ij.IJ.openImage(path.toString());
            if (d == null) throw new IllegalArgumentException(path + ": ImageJ cannot read this image");
        }
        ImageProcessor ip = d.getProcessor();
        if (ip == null || d.getWidth() != cols || d.getHeight() != rows) {
            throw new IllegalArgumentException(path + ": ImageJ could not decode the pixel data (" + cols + "×" + rows + " expected)");
        }
        if (d.getType() == ImagePlus.COLOR_RGB) throw new IllegalArgumentException(path + ": colour image; only grey-scale images are read");
        Calibration cal = d.getCalibration();
        double slope = has("0028,1053") ? number("0028,1053", "Rescale Slope") : 1, intercept = has("0028,1052") ? number("0028,1052", "Rescale Intercept") : 0;
        // see the class comment: ImageJ applied the rescale itself only when the slope is 1 and it calibrated the image
        boolean ijRescaled = slope == 1 && cal.getFunction() == Calibration.STRAIGHT_LINE;
        float[] out = new float[rows * cols];
        for (int v = 0; v < rows; v++) {
            for (int u = 0; u < cols; u++) {
                double x = d.getType() == ImagePlus.GRAY32 ? ip.getPixelValue(u, v) : cal.getCValue(ip.get(u, v));
                out[v * cols + u] = (float) (ijRescaled ? x : slope * x + intercept);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "DicomFile[" + path + "]";
    }
}

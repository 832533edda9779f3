package org.crossview.data;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.plugin.DICOM;
import ij.process.ImageProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One DICOM file read with ImageJ ({@code net.imagej:ij}): the header as tag → text, and the pixels as
 * RescaleSlope·stored + RescaleIntercept. Only uncompressed transfer syntaxes are read; anything else, a
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

    private DicomFile(Path path, Map<String, String> tags) {
        this.path = path;
        this.tags = tags;
    }

    /** Reads the header only; the pixels are decoded by {@link #pixels()}. */
    public static DicomFile open(Path path) {
        if (!Files.isRegularFile(path)) throw new IllegalArgumentException(path + ": no such file");
        String info;
        try {
            info = new DICOM().getInfo(path.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(path + ": not a DICOM file ImageJ can read (" + e + ")", e);
        }
        if (info == null || info.isBlank()) throw new IllegalArgumentException(path + ": not a DICOM file (ImageJ found no header)");
        Map<String, String> tags = new LinkedHashMap<>();
        for (String line : info.split("\n")) {
            // ImageJ writes "gggg,eeee  Name: value"; nested sequence items are prefixed with '>' and skipped
            if (line.length() < 11 || line.charAt(4) != ',' || !line.substring(0, 9).matches("[0-9A-Fa-f]{4},[0-9A-Fa-f]{4}")) continue;
            int colon = line.indexOf(": ", 9);
            tags.putIfAbsent(line.substring(0, 9).toUpperCase(), colon < 0 ? "" : line.substring(colon + 2).trim());
        }
        DicomFile d = new DicomFile(path, tags);
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
        if (!has(tag)) throw new IllegalArgumentException(path + ": missing DICOM tag (" + tag + ") " + name);
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
        DICOM d = new DICOM();
        d.open(path.toString());
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

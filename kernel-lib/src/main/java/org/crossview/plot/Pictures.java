package org.crossview.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.crossview.image.Image;

/**
 * Turns float images into pictures for notebooks and figures: grey-level windowing, landmark overlays,
 * strips of images side by side, checkerboards and PNG files (written atomically).
 */
public final class Pictures {
    private Pictures() {}

    /** Grey levels with the window [lo, hi] (values outside are clipped). */
    public static BufferedImage grey(Image im, double lo, double hi) {
        BufferedImage out = new BufferedImage(im.cols(), im.rows(), BufferedImage.TYPE_INT_RGB);
        double scale = hi > lo ? 255.0 / (hi - lo) : 0;
        float[] d = im.data();
        for (int v = 0; v < im.rows(); v++) {
            for (int u = 0; u < im.cols(); u++) {
                double x = (d[v * im.cols() + u] - lo) * scale;
                int g = Double.isFinite(x) ? (int) Math.max(0, Math.min(255, Math.round(x))) : 0;
                out.setRGB(u, v, (g << 16) | (g << 8) | g);
            }
        }
        return out;
    }

    /** Grey levels windowed on the 0.5 % and 99.5 % quantiles (robust to a few hot pixels). */
    public static BufferedImage grey(Image im) {
        float[] sorted = im.data().clone();
        Arrays.sort(sorted);
        double lo = sorted[(int) (0.005 * (sorted.length - 1))];
        double hi = sorted[(int) (0.995 * (sorted.length - 1))];
        return grey(im, lo, hi);
    }

    /** Upscales by an integer factor (nearest neighbour) so that small images are visible in a notebook. */
    public static BufferedImage enlarge(BufferedImage in, int factor) {
        if (factor <= 1) return in;
        BufferedImage out = new BufferedImage(in.getWidth() * factor, in.getHeight() * factor, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(in, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    /**
     * Draws labelled points at pixel coordinates (u, v) of the original image; {@code pixelScale} is the
     * enlargement factor already applied to the picture. Points outside the picture are skipped.
     */
    public static BufferedImage withPoints(BufferedImage picture, Map<String, double[]> pointsUv, double pixelScale, Color color, boolean labels) {
        BufferedImage out = copy(picture);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(color);
        g.setStroke(new BasicStroke(1.5f));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        java.awt.FontMetrics fm = g.getFontMetrics();
        List<String> names = new java.util.ArrayList<>();
        List<double[]> xy = new java.util.ArrayList<>();
        for (Map.Entry<String, double[]> e : pointsUv.entrySet()) {
            // pixel index u is the centre of pixel u, which spans [u·s, (u+1)·s) after enlargement
            double x = (e.getValue()[0] + 0.5) * pixelScale, y = (e.getValue()[1] + 0.5) * pixelScale;
            if (!(x >= 0 && y >= 0 && x < out.getWidth() && y < out.getHeight())) continue;
            names.add(e.getKey());
            xy.add(new double[] {x, y});
            int r = 3;
            g.drawLine((int) x - r, (int) y, (int) x + r, (int) y);
            g.drawLine((int) x, (int) y - r, (int) x, (int) y + r);
        }
        if (labels) {
            List<int[]> sizes = new java.util.ArrayList<>();
            for (String n : names) sizes.add(new int[] {fm.stringWidth(n) + 2, fm.getAscent() + 2});
            List<java.awt.Rectangle> boxes = LabelLayout.place(xy, sizes, out.getWidth(), out.getHeight(), 4);
            for (int i = 0; i < names.size(); i++) {
                int tx = boxes.get(i).x + 1, ty = boxes.get(i).y + 1 + fm.getAscent();
                // a dark outline keeps the text readable on bright bone and on bright air alike
                g.setColor(Color.BLACK);
                for (int dx = -1; dx <= 1; dx++) for (int dy = -1; dy <= 1; dy++) if (dx != 0 || dy != 0) g.drawString(names.get(i), tx + dx, ty + dy);
                g.setColor(color);
                g.drawString(names.get(i), tx, ty);
            }
        }
        g.dispose();
        return out;
    }

    /** Pictures side by side with a gap and optional titles above each. */
    public static BufferedImage strip(List<BufferedImage> pictures, List<String> titles) {
        int gap = 6, lineH = 15;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        java.awt.FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(font);
        // a title wider than its picture wraps onto more lines instead of running into its neighbour's
        List<List<String>> wrapped = new java.util.ArrayList<>();
        int titleLines = 0;
        for (int i = 0; i < pictures.size(); i++) {
            List<String> lines = titles != null && i < titles.size() && titles.get(i) != null
                    ? wrap(titles.get(i), fm, pictures.get(i).getWidth()) : List.of();
            wrapped.add(lines);
            titleLines = Math.max(titleLines, lines.size());
        }
        int titleH = titles == null ? 0 : Math.max(1, titleLines) * lineH;
        int w = gap, h = 0;
        for (BufferedImage p : pictures) {
            w += p.getWidth() + gap;
            h = Math.max(h, p.getHeight());
        }
        BufferedImage out = new BufferedImage(w, h + titleH + 2 * gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(font);
        int x = gap;
        for (int i = 0; i < pictures.size(); i++) {
            BufferedImage p = pictures.get(i);
            java.awt.Shape clip = g.getClip();
            g.clipRect(x, 0, p.getWidth(), gap + titleH);   // a single word wider than the picture is cut, never overlaps
            for (int l = 0; l < wrapped.get(i).size(); l++) g.drawString(wrapped.get(i).get(l), x, gap + 12 + l * lineH);
            g.setClip(clip);
            g.drawImage(p, x, gap + titleH, null);
            x += p.getWidth() + gap;
        }
        g.dispose();
        return out;
    }

    /** Words of {@code text} in lines no wider than {@code width} pixels (a longer single word gets a line of its own). */
    static List<String> wrap(String text, java.awt.FontMetrics fm, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (line.length() > 0 && fm.stringWidth(candidate) > width) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (line.length() > 0 || lines.isEmpty()) lines.add(line.toString());
        return lines;
    }

    /** Distinct colours for label numbers 1, 2, … (0 = background gets none); cycles after the last. */
    private static final Color[] LABEL_COLOURS = {
        new Color(230, 25, 75), new Color(60, 180, 75), new Color(0, 130, 200), new Color(245, 130, 48),
        new Color(145, 30, 180), new Color(70, 240, 240), new Color(240, 50, 230), new Color(210, 245, 60),
        new Color(250, 190, 190), new Color(0, 128, 128)};

    /** The colour {@link #withLabels} gives label {@code label} (≥ 1). */
    public static Color labelColour(int label) {
        if (label < 1) throw new IllegalArgumentException("label: colours exist for labels ≥ 1, got " + label);
        return LABEL_COLOURS[(label - 1) % LABEL_COLOURS.length];
    }

    /**
     * The grey picture with each labelled pixel (label &gt; 0) tinted with {@link #labelColour}, blended with
     * weight {@code alpha} in [0, 1]; {@code labels} has the picture's size before enlargement by {@code enlarge}.
     */
    public static BufferedImage withLabels(BufferedImage grey, Image labels, double alpha, int enlarge) {
        if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("alpha: must be in [0, 1], got " + alpha);
        int f = Math.max(1, enlarge);
        if (labels.cols() * f != grey.getWidth() || labels.rows() * f != grey.getHeight()) {
            throw new IllegalArgumentException("withLabels: labels " + labels.cols() + "x" + labels.rows() + " (×" + f + ") do not match the picture "
                    + grey.getWidth() + "x" + grey.getHeight());
        }
        BufferedImage out = copy(grey);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                int label = Math.round(labels.get(x / f, y / f));
                if (label <= 0) continue;
                Color c = labelColour(label);
                int rgb = out.getRGB(x, y);
                int r = (int) Math.round((1 - alpha) * ((rgb >> 16) & 0xff) + alpha * c.getRed());
                int g = (int) Math.round((1 - alpha) * ((rgb >> 8) & 0xff) + alpha * c.getGreen());
                int b = (int) Math.round((1 - alpha) * (rgb & 0xff) + alpha * c.getBlue());
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    /** A legend: one coloured square and its text per entry, top to bottom. */
    public static BufferedImage legend(Map<String, Color> entries) {
        int line = 18, width = 16;
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        pg.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (String s : entries.keySet()) width = Math.max(width, pg.getFontMetrics().stringWidth(s));
        pg.dispose();
        BufferedImage out = new BufferedImage(width + 36, Math.max(1, entries.size()) * line + 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int y = 4;
        for (Map.Entry<String, Color> e : entries.entrySet()) {
            g.setColor(e.getValue());
            g.fillRect(6, y + 3, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), 24, y + 13);
            y += line;
        }
        g.dispose();
        return out;
    }

    /**
     * A signed image in a blue–white–red map: 0 is white, +maxAbs and above full red, −maxAbs and below full
     * blue (for differences and gradients, where the sign matters).
     */
    public static BufferedImage diverging(Image im, double maxAbs) {
        if (!(maxAbs > 0) || !Double.isFinite(maxAbs)) throw new IllegalArgumentException("maxAbs: must be positive and finite, got " + maxAbs);
        BufferedImage out = new BufferedImage(im.cols(), im.rows(), BufferedImage.TYPE_INT_RGB);
        for (int v = 0; v < im.rows(); v++) {
            for (int u = 0; u < im.cols(); u++) {
                double t = im.get(u, v) / maxAbs;
                t = Double.isFinite(t) ? Math.max(-1, Math.min(1, t)) : 0;
                int fade = (int) Math.round(255 * (1 - Math.abs(t)));
                int rgb = t >= 0 ? (255 << 16) | (fade << 8) | fade : (fade << 16) | (fade << 8) | 255;
                out.setRGB(u, v, rgb);
            }
        }
        return out;
    }

    /** {@link #diverging(Image, double)} scaled to the image's own largest absolute value (white if all zero). */
    public static BufferedImage diverging(Image im) {
        double m = maxAbs(im);
        return diverging(im, m > 0 ? m : 1);
    }

    /** The largest absolute finite value of an image (0 for an all-zero image). */
    public static double maxAbs(Image im) {
        double m = 0;
        for (float x : im.data()) if (Float.isFinite(x)) m = Math.max(m, Math.abs(x));
        return m;
    }

    /** Anchors of a perceptually ordered dark-blue → green → yellow map (close to matplotlib's viridis). */
    private static final int[][] HEAT = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};

    /** The heat-map colour of t in [0, 1] (clipped). */
    public static Color heatColour(double t) {
        t = Double.isFinite(t) ? Math.max(0, Math.min(1, t)) : 0;
        double x = t * (HEAT.length - 1);
        int i = Math.min(HEAT.length - 2, (int) Math.floor(x));
        double f = x - i;
        int[] a = HEAT[i], b = HEAT[i + 1];
        return new Color((int) Math.round(a[0] + f * (b[0] - a[0])), (int) Math.round(a[1] + f * (b[1] - a[1])), (int) Math.round(a[2] + f * (b[2] - a[2])));
    }

    /** An image in the heat map, lo → dark blue, hi → yellow (loss landscapes). */
    public static BufferedImage heat(Image im, double lo, double hi) {
        BufferedImage out = new BufferedImage(im.cols(), im.rows(), BufferedImage.TYPE_INT_RGB);
        double range = hi > lo ? hi - lo : 1;
        for (int v = 0; v < im.rows(); v++) {
            for (int u = 0; u < im.cols(); u++) out.setRGB(u, v, heatColour((im.get(u, v) - lo) / range).getRGB() & 0xffffff);
        }
        return out;
    }

    /** Pictures in rows of {@code columns}, each with its title above (titles may be null or shorter). */
    public static BufferedImage grid(List<BufferedImage> pictures, List<String> titles, int columns) {
        if (columns < 1) throw new IllegalArgumentException("columns: must be ≥ 1, got " + columns);
        if (pictures.isEmpty()) throw new IllegalArgumentException("grid: no pictures");
        List<BufferedImage> rows = new java.util.ArrayList<>();
        for (int start = 0; start < pictures.size(); start += columns) {
            int end = Math.min(pictures.size(), start + columns);
            List<String> t = titles == null ? null : titles.subList(Math.min(start, titles.size()), Math.min(end, titles.size()));
            rows.add(strip(pictures.subList(start, end), t));
        }
        int w = 0, h = 0;
        for (BufferedImage r : rows) {
            w = Math.max(w, r.getWidth());
            h += r.getHeight();
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int y = 0;
        for (BufferedImage r : rows) {
            g.drawImage(r, 0, y, null);
            y += r.getHeight();
        }
        g.dispose();
        return out;
    }

    /** A picture with a line of text above it (a caption or a panel title). */
    public static BufferedImage titled(BufferedImage picture, String title) {
        return strip(List.of(picture), List.of(title));
    }

    /** A checkerboard of two equally sized images, squares of {@code square} pixels (before/after overlays). */
    public static Image checkerboard(Image a, Image b, int square) {
        if (a.cols() != b.cols() || a.rows() != b.rows()) throw new IllegalArgumentException("checkerboard: images differ in size");
        Image out = new Image(a.cols(), a.rows());
        for (int v = 0; v < a.rows(); v++) {
            for (int u = 0; u < a.cols(); u++) out.set(u, v, ((u / square + v / square) % 2 == 0) ? a.get(u, v) : b.get(u, v));
        }
        return out;
    }

    /** A red/green overlay of two images' grey pictures (red = a, green = b): misalignment shows as colour fringes. */
    public static BufferedImage overlay(BufferedImage a, BufferedImage b) {
        BufferedImage out = new BufferedImage(a.getWidth(), a.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int ra = a.getRGB(x, y) & 0xff, gb = b.getRGB(x, y) & 0xff;
                out.setRGB(x, y, (ra << 16) | (gb << 8) | ((ra + gb) / 4));
            }
        }
        return out;
    }

    /** Writes a PNG atomically (temporary file in the same folder, then rename); creates parent folders. */
    public static Path savePng(BufferedImage picture, Path file) throws IOException {
        org.crossview.io.AtomicWrite.write(file, tmp -> {
            if (!ImageIO.write(picture, "png", tmp.toFile())) throw new IOException("no PNG writer available");
        });
        return file;
    }

    private static BufferedImage copy(BufferedImage in) {
        BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(in, 0, 0, null);
        g.dispose();
        return out;
    }
}

package org.crossview.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        for (Map.Entry<String, double[]> e : pointsUv.entrySet()) {
            // pixel index u is the centre of pixel u, which spans [u·s, (u+1)·s) after enlargement
            double x = (e.getValue()[0] + 0.5) * pixelScale, y = (e.getValue()[1] + 0.5) * pixelScale;
            if (!(x >= 0 && y >= 0 && x < out.getWidth() && y < out.getHeight())) continue;
            int r = 3;
            g.drawLine((int) x - r, (int) y, (int) x + r, (int) y);
            g.drawLine((int) x, (int) y - r, (int) x, (int) y + r);
            if (labels) g.drawString(e.getKey(), (int) x + 4, (int) y - 3);
        }
        g.dispose();
        return out;
    }

    /** Pictures side by side with a gap and optional titles above each. */
    public static BufferedImage strip(List<BufferedImage> pictures, List<String> titles) {
        int gap = 6, titleH = titles == null ? 0 : 16;
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
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = gap;
        for (int i = 0; i < pictures.size(); i++) {
            if (titles != null && i < titles.size()) g.drawString(titles.get(i), x, gap + 12);
            g.drawImage(pictures.get(i), x, gap + titleH, null);
            x += pictures.get(i).getWidth() + gap;
        }
        g.dispose();
        return out;
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
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            if (!ImageIO.write(picture, "png", tmp.toFile())) throw new IOException("no PNG writer available");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
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

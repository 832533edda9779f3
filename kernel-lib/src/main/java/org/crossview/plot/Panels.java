package org.crossview.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.crossview.image.Image;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Layouts for notebook figures built from several pictures: grids, vertical stacks, captions, charts side by
 * side, and the two registration overlays (checkerboard, red/green) of a fixed and a moving image whose grey
 * levels are first standardised, so that an X-ray and a DRR of different contrast can be compared.
 */
public final class Panels {
    private static final int GAP = 6;

    private Panels() {}

    /** Pictures one above the other, left-aligned, on white. */
    public static BufferedImage stack(List<BufferedImage> pictures) {
        if (pictures.isEmpty()) throw new IllegalArgumentException("stack: no pictures");
        int w = 0, h = 0;
        for (BufferedImage p : pictures) {
            w = Math.max(w, p.getWidth());
            h += p.getHeight();
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int y = 0;
        for (BufferedImage p : pictures) {
            g.drawImage(p, 0, y, null);
            y += p.getHeight();
        }
        g.dispose();
        return out;
    }

    /** Rows of pictures, each cell with its title above it ({@code titles} may be null). */
    public static BufferedImage grid(List<List<BufferedImage>> rows, List<List<String>> titles) {
        List<BufferedImage> strips = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) strips.add(Pictures.strip(rows.get(r), titles == null ? null : titles.get(r)));
        return stack(strips);
    }

    /** The picture with lines of text below it (a legend or caption). */
    public static BufferedImage caption(BufferedImage picture, String... lines) {
        int lineH = 16;
        BufferedImage out = new BufferedImage(picture.getWidth(), picture.getHeight() + lineH * lines.length + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(picture, 0, 0, null);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < lines.length; i++) g.drawString(lines[i], GAP, picture.getHeight() + (i + 1) * lineH);
        g.dispose();
        return out;
    }

    /** Charts drawn side by side as one picture. */
    public static BufferedImage charts(Chart<?, ?>... charts) {
        List<BufferedImage> pictures = new ArrayList<>();
        for (Chart<?, ?> c : charts) pictures.add(Charts.picture(c));
        return Pictures.strip(pictures, null);
    }

    /** The image standardised to zero mean and unit standard deviation (a copy). */
    public static Image standardised(Image im) {
        float[] d = im.data();
        double mean = 0, sq = 0;
        for (float x : d) mean += x;
        mean /= d.length;
        for (float x : d) sq += (x - mean) * (x - mean);
        double sd = Math.sqrt(sq / d.length);
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (float) (sd > 0 ? (d[i] - mean) / sd : 0);
        return new Image(im.cols(), im.rows(), out);
    }

    /** One registration result's panels: X-ray, rendering at the estimate, checkerboard, red–green (aligned bone is yellow). */
    public static List<BufferedImage> registrationRow(Image xray, Image drr, int enlarge) {
        return List.of(Pictures.enlarge(Pictures.grey(xray), enlarge), Pictures.enlarge(Pictures.grey(drr), enlarge),
                checkerboard(xray, drr, 6, enlarge), redGreen(xray, drr, enlarge));
    }

    /** The titles of {@link #registrationRow}. */
    public static List<String> registrationTitles(String viewName) {
        return List.of("X-ray " + viewName, "CT at the estimate", "checkerboard", "red X-ray, green CT");
    }

    /**
     * A checkerboard of the fixed and the moving image after standardising each (squares alternate between them,
     * so edges that do not continue across square borders show a misregistration), enlarged {@code enlarge}×.
     */
    public static BufferedImage checkerboard(Image fixed, Image moving, int squares, int enlarge) {
        Image a = standardised(fixed), b = standardised(moving);
        int square = Math.max(1, Math.min(a.cols(), a.rows()) / Math.max(1, squares));
        return Pictures.enlarge(Pictures.grey(Pictures.checkerboard(a, b, square)), enlarge);
    }

    /**
     * Red = fixed, green = moving, each windowed on its own quantiles: aligned structures look yellow, a
     * misregistration shows as red and green fringes.
     */
    public static BufferedImage redGreen(Image fixed, Image moving, int enlarge) {
        return Pictures.enlarge(Pictures.overlay(Pictures.grey(fixed), Pictures.grey(moving)), enlarge);
    }
}

package org.crossview.plot;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

/**
 * Places text labels next to their points so that no two labels overlap (landmarks of both sides often sit a few
 * pixels apart). Greedy: each label, in order, takes the first of eight positions around its point (then the same
 * moved up or down by one or two label heights) that stays inside the picture and clear, with a small margin, of
 * every label and point placed so far; when none is clear, the one overlapping least.
 */
public final class LabelLayout {
    private LabelLayout() {}

    /**
     * Boxes (top-left x, y, width, height) for labels of the given sizes at the points {@code xy} (pixels), inside a
     * {@code width} × {@code height} picture; {@code gap} pixels between a point and its label.
     */
    public static List<Rectangle> place(List<double[]> xy, List<int[]> sizes, int width, int height, int gap) {
        if (xy.size() != sizes.size()) throw new IllegalArgumentException("place: " + xy.size() + " points but " + sizes.size() + " label sizes");
        List<Rectangle> placed = new ArrayList<>();
        List<Rectangle> points = new ArrayList<>();
        for (double[] p : xy) points.add(new Rectangle((int) Math.round(p[0]) - 3, (int) Math.round(p[1]) - 3, 7, 7));
        for (int i = 0; i < xy.size(); i++) {
            int x = (int) Math.round(xy.get(i)[0]), y = (int) Math.round(xy.get(i)[1]);
            int w = sizes.get(i)[0], h = sizes.get(i)[1];
            // the eight places around the point, then the same moved one and two label heights further up or down
            int[][] ring = {
                {x + gap, y - h - 1}, {x + gap, y + 1}, {x - gap - w, y - h - 1}, {x - gap - w, y + 1},
                {x - w / 2, y - h - gap}, {x - w / 2, y + gap}, {x + gap, y - h / 2}, {x - gap - w, y - h / 2}};
            List<int[]> candidates = new ArrayList<>(List.of(ring));
            for (int shift = 1; shift <= 2; shift++) {
                for (int[] c : ring) {
                    candidates.add(new int[] {c[0], c[1] - shift * h});
                    candidates.add(new int[] {c[0], c[1] + shift * h});
                }
            }
            Rectangle best = null;
            long bestOverlap = Long.MAX_VALUE;
            for (int[] c : candidates) {
                Rectangle r = new Rectangle(Math.max(0, Math.min(width - w, c[0])), Math.max(0, Math.min(height - h, c[1])), w, h);
                Rectangle padded = new Rectangle(r.x - 2, r.y - 1, r.width + 4, r.height + 2);   // the text's outline needs a margin
                long overlap = 0;
                for (Rectangle o : placed) overlap += area(padded.intersection(o));
                for (int j = 0; j < points.size(); j++) if (j != i) overlap += area(r.intersection(points.get(j)));
                if (overlap < bestOverlap) {
                    best = r;
                    bestOverlap = overlap;
                    if (overlap == 0) break;
                }
            }
            placed.add(best);
        }
        return placed;
    }

    private static long area(Rectangle r) {
        return r.isEmpty() ? 0 : (long) r.width * r.height;
    }
}

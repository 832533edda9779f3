package org.crossview.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelsAndTitlesTest {

    @Test
    void labelsOfClusteredPointsDoNotOverlapAndStayNearTheirPoints() {
        // four landmarks within 6 pixels, as SPS-l/SPS-r and IPS-l/IPS-r sit on a mean projection
        List<double[]> xy = List.of(new double[] {100, 100}, new double[] {104, 101}, new double[] {100, 105}, new double[] {106, 106},
                new double[] {96, 110}, new double[] {110, 96});
        List<int[]> sizes = new ArrayList<>();
        for (int i = 0; i < xy.size(); i++) sizes.add(new int[] {34, 12});
        List<Rectangle> boxes = LabelLayout.place(xy, sizes, 300, 300, 4);
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) assertTrue(!boxes.get(i).intersects(boxes.get(j)), "labels " + i + " and " + j + " overlap");
            Rectangle b = boxes.get(i);
            double dx = Math.max(0, Math.max(b.x - xy.get(i)[0], xy.get(i)[0] - (b.x + b.width)));
            double dy = Math.max(0, Math.max(b.y - xy.get(i)[1], xy.get(i)[1] - (b.y + b.height)));
            assertTrue(Math.hypot(dx, dy) <= 2 * 12 + 8, "label " + i + " is " + Math.hypot(dx, dy) + " px from its point");
        }
    }

    @Test
    void labelsStayInsideThePicture() {
        List<Rectangle> boxes = LabelLayout.place(List.of(new double[] {1, 1}, new double[] {99, 49}), List.of(new int[] {30, 12}, new int[] {30, 12}), 100, 50, 4);
        for (Rectangle b : boxes) assertTrue(new Rectangle(0, 0, 100, 50).contains(b), b.toString());
    }

    @Test
    void aLongTitleWrapsInsideItsPanelInsteadOfRunningIntoTheNext() {
        BufferedImage a = new BufferedImage(80, 40, BufferedImage.TYPE_INT_RGB), b = new BufferedImage(80, 40, BufferedImage.TYPE_INT_RGB);
        BufferedImage oneLine = Pictures.strip(List.of(a, b), List.of("short", "short"));
        BufferedImage wrapped = Pictures.strip(List.of(a, b), List.of("chest_cta_1.5mm.nii.gz, sagittal slice", "next"));
        assertTrue(wrapped.getHeight() > oneLine.getHeight(), "the long title takes more than one line");
        int gap = 6, titleBottom = wrapped.getHeight() - gap - 40;
        // the gap column between the two panels carries no ink in the title band
        for (int x = gap + 80; x < gap + 80 + gap; x++) {
            for (int y = 0; y < titleBottom; y++) assertEquals(0xffffff, wrapped.getRGB(x, y) & 0xffffff, "ink at (" + x + ", " + y + ")");
        }
    }
}

package org.crossview.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The procedural pelvis: determinism, anatomy in the right places, labels, landmarks and HU ranges. */
class PelvisPhantomTest {
    private static final double VOXEL_MM = 3;
    private static Phantom phantom;

    @BeforeAll
    static void generate() {
        phantom = PelvisPhantom.generate(VOXEL_MM);
    }

    private static float huAt(double... lps) {
        Volume v = phantom.hu();
        double[] idx = v.lpsToIndex(lps);
        return v.get((int) Math.round(idx[0]), (int) Math.round(idx[1]), (int) Math.round(idx[2]));
    }

    /** Distance (mm) from a point to the nearest voxel centre carrying {@code label}, searching 15 mm around it. */
    private static double distanceToLabel(double[] lps, int label) {
        Volume l = phantom.labels();
        double[] idx = l.lpsToIndex(lps);
        int r = (int) Math.ceil(15 / VOXEL_MM);
        double best = Double.POSITIVE_INFINITY;
        for (int k = (int) idx[2] - r; k <= (int) idx[2] + r; k++) {
            for (int j = (int) idx[1] - r; j <= (int) idx[1] + r; j++) {
                for (int i = (int) idx[0] - r; i <= (int) idx[0] + r; i++) {
                    if (i < 0 || j < 0 || k < 0 || i >= l.nx() || j >= l.ny() || k >= l.nz()) continue;
                    if (Math.round(l.get(i, j, k)) != label) continue;
                    double[] p = l.indexToLps(i, j, k);
                    best = Math.min(best, Math.sqrt(Math.pow(p[0] - lps[0], 2) + Math.pow(p[1] - lps[1], 2) + Math.pow(p[2] - lps[2], 2)));
                }
            }
        }
        return best;
    }

    @Test
    void gridIsTheDocumentedField() {
        Volume v = phantom.hu();
        assertEquals(120, v.nx());
        assertEquals(Math.round(260 / VOXEL_MM), v.ny());
        assertEquals(Math.round(300 / VOXEL_MM), v.nz());
        assertArrayEquals(new double[] {VOXEL_MM, VOXEL_MM, VOXEL_MM}, v.spacingMm());
        assertArrayEquals(PelvisPhantom.CENTRE_LPS, v.centreLps(), 1e-9);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, v.direction());
    }

    @Test
    void deterministic() {
        Phantom again = PelvisPhantom.generate(VOXEL_MM);
        assertArrayEquals(phantom.hu().data(), again.hu().data());
        assertArrayEquals(phantom.labels().data(), again.labels().data());
        for (Map.Entry<String, double[]> e : phantom.landmarksLps().entrySet()) {
            assertArrayEquals(e.getValue(), again.landmarksLps().get(e.getKey()), e.getKey());
        }
    }

    @Test
    void huRanges() {
        assertEquals(-1000, huAt(-175, -115, 145), 0, "air in the corner");
        assertEquals(-1000, huAt(0, -125, 0), 0, "air in front of the belly");
        float muscle = huAt(0, -40, 60);
        assertTrue(muscle > 0 && muscle < 60, "soft tissue in the abdomen: " + muscle);
        float fat = huAt(0, -90, 60);
        assertTrue(fat > -120 && fat < -80, "subcutaneous fat: " + fat);
        float headCentre = huAt(88, 0, 0);
        assertTrue(headCentre > 200 && headCentre < 400, "trabecular bone in the femoral head: " + headCentre);
        float max = Float.NEGATIVE_INFINITY, min = Float.POSITIVE_INFINITY;
        for (float x : phantom.hu().data()) {
            max = Math.max(max, x);
            min = Math.min(min, x);
        }
        assertTrue(max >= 1200 && max <= 1800, "cortical bone peak: " + max);
        assertEquals(-1000, min, 0);
        // The femoral shaft's cortex is dense and its canal is marrow.
        float canal = huAt(118, 4, -110);
        assertTrue(canal > 0 && canal < 150, "marrow in the shaft: " + canal);
    }

    @Test
    void everyLabelIsPresentAndSidesAreMirrored() {
        for (int label = 1; label <= 7; label++) assertTrue(Labels.count(phantom.labels(), label) > 50, "label " + label);
        assertEquals(Labels.count(phantom.labels(), 1), Labels.count(phantom.labels(), 2), "hemipelves");
        assertEquals(Labels.count(phantom.labels(), 5), Labels.count(phantom.labels(), 6), "femora");
        Volume l = phantom.labels(), hu = phantom.hu();
        int[] swap = {0, 2, 1, 3, 4, 6, 5, 7};
        for (int k = 0; k < l.nz(); k++) for (int j = 0; j < l.ny(); j++) for (int i = 0; i < l.nx(); i++) {
            int a = Math.round(l.get(i, j, k)), b = Math.round(l.get(l.nx() - 1 - i, j, k));
            assertEquals(swap[a], b, "label mirror at " + i + "," + j + "," + k);
            if (a > 0) assertEquals(hu.get(i, j, k), hu.get(l.nx() - 1 - i, j, k), 1, "bone HU mirror");
        }
        // Left structures lie at +x.
        double[] leftHead = l.lpsToIndex(88, 0, 0);
        assertEquals(Phantom.LEFT_FEMUR, Math.round(l.get((int) Math.round(leftHead[0]), (int) Math.round(leftHead[1]), (int) Math.round(leftHead[2]))));
    }

    @Test
    void sacrumIsSplitUpperAboveLower() {
        Volume l = phantom.labels();
        double upperZ = meanZ(l, Phantom.UPPER_SACRUM), lowerZ = meanZ(l, Phantom.LOWER_SACRUM), vertebraZ = meanZ(l, Phantom.VERTEBRAE);
        assertTrue(vertebraZ > upperZ && upperZ > lowerZ, "vertebrae " + vertebraZ + " > upper sacrum " + upperZ + " > lower " + lowerZ);
        assertTrue(meanY(l, Phantom.UPPER_SACRUM) > 15, "the sacrum is posterior");
    }

    private static double meanZ(Volume l, int label) {
        return mean(l, label, 2);
    }

    private static double meanY(Volume l, int label) {
        return mean(l, label, 1);
    }

    private static double mean(Volume l, int label, int axis) {
        double s = 0;
        long c = 0;
        for (int k = 0; k < l.nz(); k++) for (int j = 0; j < l.ny(); j++) for (int i = 0; i < l.nx(); i++) {
            if (Math.round(l.get(i, j, k)) == label) {
                s += l.indexToLps(i, j, k)[axis];
                c++;
            }
        }
        return s / c;
    }

    @Test
    void landmarksSitOnTheirBones() {
        Map<String, double[]> lm = phantom.landmarksLps();
        List<String> names = List.of("ASIS", "FH", "GSN", "IOF", "MOF", "SPS", "IPS");
        assertEquals(14, lm.size());
        for (String name : names) {
            double[] l = lm.get(name + "-l"), r = lm.get(name + "-r");
            assertTrue(l[0] > 0 && r[0] < 0, name + ": -l at +x (patient left)");
            assertArrayEquals(new double[] {-l[0], l[1], l[2]}, r, 1e-12, name + " mirrored");
            int leftLabel = name.equals("FH") ? Phantom.LEFT_FEMUR : Phantom.LEFT_HEMIPELVIS;
            int rightLabel = name.equals("FH") ? Phantom.RIGHT_FEMUR : Phantom.RIGHT_HEMIPELVIS;
            double dl = distanceToLabel(l, leftLabel), dr = distanceToLabel(r, rightLabel);
            assertTrue(dl <= VOXEL_MM, name + "-l: " + dl + " mm from label " + leftLabel);
            assertTrue(dr <= VOXEL_MM, name + "-r: " + dr + " mm from label " + rightLabel);
        }
        assertTrue(distanceToLabel(lm.get("FH-l"), Phantom.LEFT_FEMUR) <= VOXEL_MM * Math.sqrt(3) / 2, "the head centre's nearest voxel is femur");
        // Anatomical order: ASIS anterior-superior of the head, GSN posterior, SPS above IPS, IOF below MOF,
        // MOF medial of IOF, the symphysis landmarks near the midline.
        double[] asis = lm.get("ASIS-l"), fh = lm.get("FH-l"), gsn = lm.get("GSN-l"), sps = lm.get("SPS-l"), ips = lm.get("IPS-l"),
                iof = lm.get("IOF-l"), mof = lm.get("MOF-l");
        assertTrue(asis[1] < fh[1] - 30 && asis[2] > fh[2] + 40 && asis[0] > fh[0], "ASIS anterior, superior, lateral of FH");
        assertTrue(gsn[1] > fh[1] + 15 && gsn[2] > fh[2], "GSN posterior and superior of FH");
        assertTrue(sps[2] > ips[2] + 10 && sps[0] < 10 && ips[0] < 10, "SPS above IPS at the midline");
        assertTrue(iof[2] < mof[2] && mof[0] < iof[0] && iof[2] < fh[2] - 40, "IOF below and lateral of MOF");
        assertTrue(sps[1] < fh[1] - 30, "the symphysis is anterior");
    }

    @Test
    void rejectsBadVoxelSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PelvisPhantom.generate(0));
        assertTrue(e.getMessage().contains("voxelMm"));
        assertThrows(IllegalArgumentException.class, () -> PelvisPhantom.generate(Double.NaN));
    }
}

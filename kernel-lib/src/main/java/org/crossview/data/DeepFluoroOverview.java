package org.crossview.data;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Arrays;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import org.crossview.geometry.Rigid;
import org.crossview.plot.Pictures;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * What a DeepFluoro-layout file holds, as tables and pictures for notebooks: its specimens, their projections
 * (flags, landmarks, where each source stands, and how well the stored poses reproduce the stored 2D landmarks),
 * and projections shown as stored and after preprocessing.
 */
public final class DeepFluoroOverview {
    private DeepFluoroOverview() {}

    /** One row per specimen: projections, turned projections, CT grid, landmarks, label names (reads no voxels or images). */
    public static Table specimens(DeepFluoroFile f) {
        StringColumn name = StringColumn.create("specimen"), grid = StringColumn.create("CT"), labels = StringColumn.create("labels");
        IntColumn projections = IntColumn.create("projections"), turned = IntColumn.create("rot-180-for-up"), landmarks = IntColumn.create("3D landmarks");
        for (String n : f.specimenNames()) {
            DeepFluoroSpecimen s = f.specimen(n);
            int flagged = 0;
            for (DeepFluoroProjection p : s.projections()) if (p.rot180ForUp()) flagged++;
            name.append(n);
            projections.append(s.projectionCount());
            turned.append(flagged);
            grid.append(s.volumeGrid());
            landmarks.append(s.landmarksLps().size());
            Map<Integer, String> names = s.labelNames();
            labels.append(names.isEmpty() ? "none" : names.toString());
        }
        return Table.create(f.path().getFileName().toString()).addColumns(name, projections, turned, grid, landmarks, labels);
    }

    /**
     * One row per projection (the first {@code max}; 0 = all): its flag, its landmarks (in the image / stored),
     * the X-ray source in the CT's LPS frame, the rotation from the first projection's camera, and the largest
     * distance between a stored 2D landmark and the projection of its 3D landmark with the stored pose
     * (K·E·P⁻¹·x): well under a pixel when the file and the reader agree on the conventions.
     */
    public static Table projections(DeepFluoroSpecimen s, int max) {
        Map<String, double[]> lms3d = s.landmarksLps();
        List<String> ids = s.projectionIds();
        int n = max > 0 ? Math.min(max, ids.size()) : ids.size();
        StringColumn id = StringColumn.create("projection"), source = StringColumn.create("source LPS (mm)");
        IntColumn turned = IntColumn.create("rot-180-for-up"), inImage = IntColumn.create("landmarks in image"), stored = IntColumn.create("landmarks stored");
        DoubleColumn angle = DoubleColumn.create("beam angle to first (deg)"), reproj = DoubleColumn.create("max reprojection error (px)");
        angle.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        reproj.setPrintFormatter(new NumberColumnFormatter(new DecimalFormat("0.0E0", DecimalFormatSymbols.getInstance(Locale.ROOT))));
        Rigid first = null;
        for (int i = 0; i < n; i++) {
            DeepFluoroProjection p = s.projection(ids.get(i));
            Map<String, Landmark2D> lms = p.landmarks();
            id.append(p.id());
            turned.append(p.rot180ForUp() ? 1 : 0);
            inImage.append((int) lms.values().stream().filter(Landmark2D::inImage).count());
            stored.append(lms.size());
            if (!p.hasPoses()) { // an imported patient: no ground truth to describe
                source.append("(no gt-poses)");
                angle.appendMissing();
                reproj.appendMissing();
                continue;
            }
            Rigid volFromCam = p.volFromCam();
            if (first == null) first = volFromCam;
            double[] src = volFromCam.translation();
            source.append(String.format("(%.0f, %.0f, %.0f)", src[0], src[1], src[2]));
            angle.append(beamAngleDeg(first, volFromCam));
            reproj.append(maxReprojectionErrorPx(p, lms3d));
        }
        return Table.create(s.name() + ": projections").addColumns(id, turned, inImage, stored, source, angle, reproj);
    }

    /**
     * The angle between two views' central rays (their camera z axes in the volume), in degrees: how far the
     * C-arm turned between them, whatever the in-plane turn of the images (a rot-180-for-up view is not 180° away).
     */
    public static double beamAngleDeg(Rigid volFromCamA, Rigid volFromCamB) {
        double[] a = volFromCamA.applyToDirection(0, 0, 1), b = volFromCamB.applyToDirection(0, 0, 1);
        double c = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, c))));
    }

    /** Largest |stored 2D landmark − projected 3D landmark| over the landmarks both hold (NaN when none do). */
    public static double maxReprojectionErrorPx(DeepFluoroProjection p, Map<String, double[]> landmarksLps) {
        if (!p.hasPoses()) return Double.NaN;
        Rigid volFromCam = p.volFromCam();
        double worst = Double.NaN;
        for (Landmark2D l : p.landmarks().values()) {
            double[] x = landmarksLps.get(l.name());
            if (x == null) continue;
            double[] uv = DeepFluoroGeometry.project(p.camera(), volFromCam, x);
            double d = Math.hypot(uv[0] - l.u(), uv[1] - l.v());
            worst = Double.isNaN(worst) ? d : Math.max(worst, d);
        }
        return worst;
    }

    /**
     * Projections as stored (raw intensity, bone dark, possibly upside down), each above itself after
     * {@code prep} (e.g. log, turned head-up), with their landmarks; {@code perRow} projections per pair of rows.
     * Large detectors are binned for display to about {@code displayPx} pixels across, then enlarged to it.
     */
    public static BufferedImage storedAndPreprocessed(DeepFluoroSpecimen s, List<String> ids, Preprocess.Settings prep, int displayPx, int perRow) {
        if (ids.isEmpty()) throw new IllegalArgumentException("no projection to show");
        if (perRow < 1) throw new IllegalArgumentException("perRow: must be ≥ 1, got " + perRow);
        List<BufferedImage> all = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (int start = 0; start < ids.size(); start += perRow) {
            List<String> group = ids.subList(start, Math.min(ids.size(), start + perRow));
            List<BufferedImage> bottom = new ArrayList<>();
            List<String> bottomTitles = new ArrayList<>();
            for (String id : group) {
                XrayView stored = s.view(id);
                XrayView ready = Preprocess.apply(stored, prep);
                all.add(picture(stored, displayPx));
                titles.add(id + ": stored, raw" + (stored.rot180ForUp() ? " (upside down)" : ""));
                bottom.add(picture(ready, displayPx));
                bottomTitles.add(id + ": log" + (stored.rot180ForUp() && prep.turnUp() ? ", turned 180°" : "") + ", " + ready.image().cols() + "²");
            }
            for (int k = group.size(); k < perRow; k++) { // keep the columns aligned when the last group is short
                all.add(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
                titles.add("");
            }
            all.addAll(bottom);
            titles.addAll(bottomTitles);
        }
        return Pictures.grid(all, titles, perRow);
    }

    /** A view binned to at most ~displayPx pixels across, then enlarged to about displayPx, with its landmarks. */
    static BufferedImage picture(XrayView v, int displayPx) {
        int cols = v.image().cols();
        int bin = Math.max(1, cols / displayPx);
        XrayView small = bin > 1 ? Preprocess.bin(v, bin) : v;
        int enlarge = Math.max(1, (int) Math.round((double) displayPx / small.image().cols()));
        return small.picture(enlarge);
    }

    /** Projection ids of a specimen, the first {@code n}, for tables and pictures. */
    public static List<String> firstIds(DeepFluoroSpecimen s, int n) {
        return List.copyOf(s.projectionIds().subList(0, Math.min(n, s.projectionCount())));
    }

    /** Text lines describing the file's proj-params, for printing. */
    public static String describeProjParams(DeepFluoroFile f) {
        ProjParams p = f.projParams();
        return String.format("detector %d×%d pixels of %.3f×%.3f mm, source to detector %.1f mm%nK = %s%nE (extrinsic) = %s",
                p.cols(), p.rows(), p.pixelColSpacingMm(), p.pixelRowSpacingMm(), f.camera().sourceToDetectorMm(),
                Arrays.toString(p.intrinsic()), p.camFromWorld());
    }
}

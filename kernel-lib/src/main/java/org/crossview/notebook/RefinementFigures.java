package org.crossview.notebook;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;
import org.crossview.plot.Panels;
import org.crossview.plot.Pictures;
import org.crossview.refine.Pyramid;
import org.crossview.refine.RefinementResult;
import org.crossview.refine.RefinementTrace;
import org.crossview.refine.StudyCase;
import org.crossview.render.Renderer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Figures of a refinement run on a {@link StudyCase}. The mTRE they show is computed from the case's ground truth for
 * display only; the optimiser never sees it.
 */
public final class RefinementFigures {
    private RefinementFigures() {}

    /** mTRE (mm) of a reference-camera pose of the case. */
    public static double mtreMm(StudyCase c, Rigid volFromCamRef) {
        return StudyCase.mtreMm(c.volFromCamRefTrue(), volFromCamRef, c.landmarksVol());
    }

    /** mTRE (mm) of a pose of view {@code v} alone (a single-view run's pose). */
    public static double mtreOfViewMm(StudyCase c, int v, Rigid volFromCam) {
        return StudyCase.mtreMm(c.volFromCamTrue(v), volFromCam, c.landmarksVol());
    }

    /**
     * The multi-view run and the single-view runs of each view, all from the same start: initial and final mTRE (mm),
     * iterations and seconds.
     */
    public static Table comparison(StudyCase c, Rigid startRef, RefinementResult multi, List<RefinementResult> singles) {
        StringColumn mode = StringColumn.create("registration"), views = StringColumn.create("views");
        DoubleColumn initial = DoubleColumn.create("initial mTRE (mm)"), fin = DoubleColumn.create("final mTRE (mm)"),
                seconds = DoubleColumn.create("seconds");
        IntColumn iterations = IntColumn.create("iterations");
        mode.append("multi-view (one pose, all views)");
        views.append(String.join("+", c.views().stream().map(CaseView::name).toList()));
        initial.append(round(mtreMm(c, startRef), 2));
        fin.append(round(mtreMm(c, multi.volFromCamRef()), 3));
        iterations.append(multi.iterations());
        seconds.append(round(multi.seconds(), 1));
        for (int v = 0; v < singles.size(); v++) {
            RefinementResult r = singles.get(v);
            mode.append("single-view");
            views.append(c.views().get(v).name());
            initial.append(round(mtreOfViewMm(c, v, c.views().get(v).volFromCam(startRef)), 2));
            fin.append(round(mtreOfViewMm(c, v, r.volFromCamRef()), 3));
            iterations.append(r.iterations());
            seconds.append(round(r.seconds(), 1));
        }
        return Table.create("single- vs multi-view refinement of case " + c.name() + " (3D mTRE over landmarks, camera frame)", mode, views, initial, fin,
                iterations, seconds);
    }

    /** The case's preprocessed X-rays side by side, each titled with its angle to the first view. */
    public static BufferedImage caseViews(StudyCase c, int enlarge) {
        List<BufferedImage> pics = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (var v : c.views()) {
            pics.add(Pictures.enlarge(Pictures.grey(v.image()), enlarge));
            titles.add(String.format(Locale.ROOT, "projection %s (%.0f° from the first)", v.name(), Math.toDegrees(v.camRefFromCam().angleRad())));
        }
        return Pictures.strip(pics, titles);
    }

    /**
     * One row per view: the X-ray, red/green overlays of the X-ray (red) and the DRR (green) at the start and at the
     * result, and a checkerboard of X-ray and DRR at the result.
     */
    public static BufferedImage beforeAfter(Renderer renderer, StudyCase c, Rigid startRef, Rigid resultRef, int enlarge) {
        List<List<BufferedImage>> rows = new ArrayList<>();
        List<List<String>> titles = new ArrayList<>();
        for (int v = 0; v < c.views().size(); v++) {
            CaseView view = c.views().get(v);
            Image before = renderer.render(view.camera(), view.volFromCam(startRef));
            Image after = renderer.render(view.camera(), view.volFromCam(resultRef));
            rows.add(List.of(Pictures.enlarge(Pictures.grey(view.image()), enlarge), Panels.redGreen(view.image(), before, enlarge),
                    Panels.checkerboard(view.image(), before, 6, enlarge), Panels.redGreen(view.image(), after, enlarge),
                    Panels.checkerboard(view.image(), after, 6, enlarge)));
            String s = String.format(Locale.ROOT, "%.1f mm", mtreMm(c, startRef)), r = String.format(Locale.ROOT, "%.2f mm", mtreMm(c, resultRef));
            titles.add(List.of("view " + v + ": X-ray", "start (" + s + ")", "start: checkerboard", "result (" + r + ")", "result: checkerboard"));
        }
        return Panels.caption(Panels.grid(rows, titles), "red/green: X-ray in red, DRR at the pose in green (aligned = yellow);"
                + " checkerboard: X-ray and DRR in alternating squares (edges break at square borders where they disagree)",
                "mTRE in brackets: from the ground truth, for display only");
    }

    /**
     * Red/green overlays of one view's X-ray and its DRR at {@code frames} recorded iterations (evenly spread over the
     * run), each at its pyramid level's resolution, shown {@code pixels} wide.
     */
    public static BufferedImage iterationStrip(StudyCase c, RefinementResult r, int view, int frames, int levels, int pixels) {
        List<RefinementTrace.Iteration> recorded = new ArrayList<>();
        for (RefinementTrace.Iteration it : r.trace().iterations()) if (it.rendered() != null) recorded.add(it);
        if (recorded.isEmpty()) throw new IllegalArgumentException("no images recorded: refine with RefinementSettings.withRecordImagesEvery(k)");
        List<BufferedImage> pics = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        int n = Math.min(frames, recorded.size());
        for (int f = 0; f < n; f++) {
            RefinementTrace.Iteration it = recorded.get(n == 1 ? 0 : (int) Math.round(f * (recorded.size() - 1) / (double) (n - 1)));
            Image drr = it.rendered()[view];
            Image xray = Pyramid.level(c.views().get(view), it.level(), levels).image();
            pics.add(Panels.redGreen(xray, drr, Math.max(1, pixels / drr.cols())));
            double m = mtreMm(c, it.volFromCamRef());
            titles.add(String.format(Locale.ROOT, m < 1 ? "it %d, L%d: %.2f mm" : "it %d, L%d: %.1f mm", it.iteration(), it.level(), m));
        }
        return Panels.caption(Pictures.strip(pics, titles), "view " + view + ": X-ray (red) and DRR (green) during the multi-view refinement;"
                + " L = pyramid level; mTRE from the ground truth, display only");
    }

    private static double round(double x, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(x * f) / f;
    }
}

package org.crossview.notebook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossview.coarse.CoarseModel;
import org.crossview.coarse.FilePredictions;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.MultiViewCase;
import org.crossview.data.MultiViewCases;
import org.crossview.data.SimulatedDataset;
import org.crossview.data.Preprocess;
import org.crossview.data.XrayView;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;
import org.crossview.refine.StudyCase;

/**
 * The multi-view cases of a DeepFluoro-layout file as the refinement meets them: every view preprocessed the
 * DeepFluoro way (border crop, −log(I/I0), turned head-up where flagged, binned to ~1.55 mm pixels) and resampled to
 * {@code size}², relative view transforms from the ground-truth poses (the DeepFluoro protocol: the C-arm geometry is
 * taken as known), and — for scoring only — the reference view's true pose and the CT's landmarks.
 */
public final class FileCases {
    private FileCases() {}

    /**
     * The multi-view cases of a specimen: those of the file's JSON sidecar when it has one ({@code crossview
     * simulate} writes it), else groups of {@code views} projections 15–45° apart (as C-arm multi-view
     * acquisitions; {@link MultiViewCases#byAngle}), at most {@code maxCases} (0 = all).
     */
    public static List<MultiViewCase> cases(DeepFluoroSpecimen s, int views, int maxCases, long seed) throws IOException {
        Path sidecar = SimulatedDataset.sidecarPath(s.file().path());
        List<MultiViewCase> all = new ArrayList<>();
        if (Files.isRegularFile(sidecar)) {
            for (MultiViewCase c : MultiViewCases.read(sidecar)) {
                if (c.specimen() == null || c.specimen().isEmpty() || c.specimen().equals(s.name())) all.add(c);
            }
        } else {
            all.addAll(MultiViewCases.byAngle(s, views, 15, 45, maxCases, seed));
        }
        return maxCases > 0 && all.size() > maxCases ? List.copyOf(all.subList(0, maxCases)) : all;
    }

    /** The preprocessing of the refinement's images. */
    public static Preprocess.Settings preprocessing(DeepFluoroSpecimen s, int size) {
        return Preprocess.Settings.deepFluoro(s.file().camera()).withSize(size).withNormalisation(Preprocess.Normalisation.NONE);
    }

    /**
     * One {@link StudyCase} per multi-view case. The pivot of the refinement's rotations is the centroid of the CT's
     * landmarks (a point of the volume, independent of any pose).
     */
    public static List<StudyCase> read(DeepFluoroSpecimen s, List<MultiViewCase> cases, int size) {
        double[][] landmarks = s.landmarksLps().values().toArray(new double[0][]);
        if (landmarks.length == 0) throw new IllegalArgumentException(s.name() + ": no vol-landmarks to score with");
        double[] pivot = new double[3];
        for (double[] p : landmarks) for (int a = 0; a < 3; a++) pivot[a] += p[a] / landmarks.length;
        Preprocess.Settings pre = preprocessing(s, size);
        List<StudyCase> out = new ArrayList<>();
        for (MultiViewCase c : cases) {
            if (c.specimen() != null && !c.specimen().isEmpty() && !c.specimen().equals(s.name())) continue;
            List<XrayView> xv = new ArrayList<>();
            for (String id : c.projections()) xv.add(s.view(id, pre));
            Rigid ref = xv.get(0).volFromCam();
            List<CaseView> views = new ArrayList<>();
            for (XrayView v : xv) views.add(new CaseView(v.name(), v.camera(), v.image(), null, CaseView.camRefFromCam(ref, v.volFromCam())));
            out.add(new StudyCase(s.name() + "/" + c.name(), views, ref, landmarks, pivot));
        }
        return out;
    }

    /**
     * The coarse network's pose for every view of a case, in the frame of the preprocessed (head-up) views of
     * {@link #read}: each raw X-ray is log-transformed, turned and resampled for the network, as
     * {@link FilePredictions} does, and the prediction is kept in the turned camera frame.
     */
    public static Rigid[] coarsePredictions(CoarseModel model, DeepFluoroSpecimen s, MultiViewCase c) {
        Rigid[] out = new Rigid[c.size()];
        Preprocess.Settings pre = FilePredictions.preprocessing(model);
        for (int v = 0; v < c.size(); v++) {
            XrayView x = s.view(c.projections().get(v), pre);
            out[v] = model.predict(x.camera(), x.image())[0];
        }
        return out;
    }
}

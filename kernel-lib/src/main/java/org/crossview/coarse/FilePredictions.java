package org.crossview.coarse;

import java.util.ArrayList;
import java.util.List;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroGeometry;
import org.crossview.data.DeepFluoroProjection;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.MultiViewCase;
import org.crossview.data.Preprocess;
import org.crossview.data.XrayView;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;

/**
 * The coarse stage on the projections of a DeepFluoro-layout file (the real data, or {@code crossview
 * simulate} output): each raw X-ray is preprocessed for the model (log transform, turned upright where
 * flagged, resampled to the network's size; no crop, since the network was trained on the whole
 * detector), its pose predicted, turned back to the stored image's frame, and converted to the file's
 * {@code cam-to-pelvis-vol}. With multi-view cases, the views of a case can be made consistent with
 * their known relative transforms ({@link CoarseModel#consensus}).
 */
public final class FilePredictions {
    private FilePredictions() {}

    /** One projection's coarse estimate. */
    public record Prediction(String specimen, String projection, Rigid volFromCam, Rigid camToPelvisVol, int caseIndex, List<String> caseViews,
            double seconds) {}

    /** The preprocessing the model's input needs (normalisation is the model's own). */
    public static Preprocess.Settings preprocessing(CoarseModel model) {
        return preprocessing(model.info().net().inputSize());
    }

    /** The same for a network of input size² (training images take it too, see {@link TrainingImages}). */
    public static Preprocess.Settings preprocessing(int inputSize) {
        return new Preprocess.Settings(0, true, Double.NaN, true, 1, inputSize, Preprocess.Normalisation.NONE);
    }

    /** Pose of one raw projection, in the stored image's camera frame (volFromCam). */
    public static Rigid predict(CoarseModel model, DeepFluoroProjection p) {
        return predict(model, XrayView.of(p));
    }

    /**
     * The nominal pose of a stored view: the C-arm at its recorded angle ({@link org.crossview.data.CarmAngles}, LAO +)
     * looking at the CT's isocentre, turned 180° for a view stored upside down.
     */
    public static Rigid nominalVolFromCam(double[] isocentreLps, double carmAngleDeg, boolean rot180ForUp) {
        Rigid nominal = CArm.atIsocentre(isocentreLps).volFromCam(carmAngleDeg, 0);
        return rot180ForUp ? nominal.compose(DeepFluoroGeometry.rot180AboutCamZ()) : nominal;
    }

    /** Pose of one raw X-ray (intensities, stored orientation, flagged when upside down), in the stored image's camera frame. */
    public static Rigid predict(CoarseModel model, XrayView raw) {
        return predict(model, raw, null);
    }

    /**
     * The same with the view's nominal pose (stored frame, {@link #nominalVolFromCam}) when its C-arm angle is known: a
     * keypoint model's fit starts about it and its prior is centred on it ({@link KeypointHead#solve(double[][], Rigid[],
     * Rigid)}); null: unknown.
     */
    public static Rigid predict(CoarseModel model, XrayView raw, Rigid nominalVolFromCam) {
        if (nominalVolFromCam != null) return predictConsistent(model, new XrayView[] {raw}, new Rigid[] {Rigid.identity()}, nominalVolFromCam)[0];
        XrayView v = Preprocess.apply(raw, preprocessing(model));
        Rigid turned = model.predict(v.camera(), v.image())[0];
        // Preprocess turned the camera by composing rot180 into the pose; undo it for the stored image.
        return raw.rot180ForUp() ? turned.compose(DeepFluoroGeometry.rot180AboutCamZ().inverse()) : turned;
    }

    /**
     * Poses of the raw X-rays of one case with known relative geometry (cam0FromCamV: stored view 0 ← stored view v),
     * made consistent by the model ({@link CoarseModel#predictConsistent}), in the stored images' camera frames.
     */
    public static Rigid[] predictConsistent(CoarseModel model, XrayView[] raw, Rigid[] cam0FromCamV) {
        return predictConsistent(model, raw, cam0FromCamV, null);
    }

    /** The same with view 0's nominal pose (stored frame; null: unknown), as {@link #predict(CoarseModel, XrayView, Rigid)}. */
    public static Rigid[] predictConsistent(CoarseModel model, XrayView[] raw, Rigid[] cam0FromCamV, Rigid nominalVolFromCam0) {
        int n = raw.length;
        Rigid turn = DeepFluoroGeometry.rot180AboutCamZ();
        Rigid[] upright = new Rigid[n]; // stored camera v ← upright camera v
        Image[] images = new Image[n];
        Camera camera = null;
        for (int v = 0; v < n; v++) {
            XrayView pre = Preprocess.apply(raw[v], preprocessing(model));
            images[v] = pre.image();
            camera = pre.camera();
            upright[v] = raw[v].rot180ForUp() ? turn : Rigid.identity();
        }
        // The upright views' relative transforms: upright 0 ← upright v = (stored 0 ← upright 0)⁻¹ · C_v · (stored v ← upright v).
        Rigid[] c = new Rigid[n];
        for (int v = 0; v < n; v++) c[v] = upright[0].inverse().compose(cam0FromCamV[v]).compose(upright[v]);
        Rigid[] poses = model.predictConsistent(camera, images, c, nominalVolFromCam0 == null ? null : nominalVolFromCam0.compose(upright[0]));
        for (int v = 0; v < n; v++) poses[v] = poses[v].compose(upright[v].inverse());
        return poses;
    }

    /**
     * {@link CoarseModel#extent} of a prediction for a stored projection (the pose {@link #predict} returned):
     * measured in the upright frame the network saw.
     */
    public static double extent(CoarseModel model, DeepFluoroProjection p, Rigid storedVolFromCam) {
        return model.extent(p.rot180ForUp() ? storedVolFromCam.compose(DeepFluoroGeometry.rot180AboutCamZ()) : storedVolFromCam);
    }

    /**
     * Every projection of a specimen, grouped into {@code cases} when given (each case's views predicted
     * together; with {@code consensus}, made consistent), one case per projection otherwise.
     */
    public static List<Prediction> predict(CoarseModel model, DeepFluoroFile file, DeepFluoroSpecimen s, List<MultiViewCase> cases, boolean consensus) {
        return predict(model, file, s, cases, consensus, id -> null);
    }

    /** The same, with each projection's nominal pose where its C-arm angle is known ({@link #nominalVolFromCam}; null: unknown). */
    public static List<Prediction> predict(CoarseModel model, DeepFluoroFile file, DeepFluoroSpecimen s, List<MultiViewCase> cases, boolean consensus,
            java.util.function.Function<String, Rigid> nominalVolFromCamById) {
        List<Prediction> out = new ArrayList<>();
        Rigid camFromWorld = file.camFromWorld();
        if (cases == null || cases.isEmpty()) {
            int c = 0;
            for (String id : s.projectionIds()) {
                long t0 = System.nanoTime();
                Rigid pose = predict(model, XrayView.of(s.projection(id)), nominalVolFromCamById.apply(id));
                double sec = (System.nanoTime() - t0) / 1e9;
                out.add(new Prediction(s.name(), id, pose, DeepFluoroGeometry.camToVol(pose, camFromWorld, file.poseShift()), c++, List.of(id), sec));
            }
            return out;
        }
        for (int c = 0; c < cases.size(); c++) {
            MultiViewCase mv = cases.get(c);
            if (mv.specimen() != null && !mv.specimen().equals(s.name())) continue;
            long t0 = System.nanoTime();
            int n = mv.size();
            Rigid[] poses = new Rigid[n];
            if (consensus && n > 1) {
                XrayView[] raw = new XrayView[n];
                Rigid[] cam0FromCamV = new Rigid[n];
                for (int v = 0; v < n; v++) {
                    raw[v] = XrayView.of(s.projection(mv.projections().get(v)));
                    cam0FromCamV[v] = mv.camFromRefCam().get(v).inverse();
                }
                poses = predictConsistent(model, raw, cam0FromCamV, nominalVolFromCamById.apply(mv.projections().get(0)));
            } else {
                for (int v = 0; v < n; v++) {
                    String id = mv.projections().get(v);
                    poses[v] = predict(model, XrayView.of(s.projection(id)), nominalVolFromCamById.apply(id));
                }
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            for (int v = 0; v < n; v++) {
                out.add(new Prediction(s.name(), mv.projections().get(v), poses[v], DeepFluoroGeometry.camToVol(poses[v], camFromWorld, file.poseShift()),
                        c, mv.projections(), sec));
            }
        }
        return out;
    }
}

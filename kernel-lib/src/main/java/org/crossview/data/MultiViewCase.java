package org.crossview.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.crossview.geometry.Rigid;

/**
 * Views of one static specimen registered together (DESIGN.md §2, multi-view). View 0 is the reference;
 * {@code camFromRefCam.get(v)} maps the reference camera frame into view v's camera frame
 * (X_cam_v = T·X_cam_0; the identity for v = 0). In DeepFluoro experiments these come from the
 * ground-truth poses: {@code E·P_v⁻¹·P_0·E⁻¹}, or {@code volFromCam_v⁻¹·volFromCam_0} for any views whose
 * poses have been through {@link Preprocess} (a 180° turn is then already part of the pose).
 *
 * @param specimen    specimen group name (may be empty when the views are not from a file)
 * @param projections projection ids, reference first
 */
public record MultiViewCase(String name, String specimen, List<String> projections, List<Rigid> camFromRefCam) {
    public MultiViewCase {
        Objects.requireNonNull(name, "name");
        projections = List.copyOf(projections);
        camFromRefCam = List.copyOf(camFromRefCam);
        if (projections.isEmpty()) throw new IllegalArgumentException("case " + name + ": no view");
        if (projections.size() != camFromRefCam.size()) {
            throw new IllegalArgumentException("case " + name + ": " + projections.size() + " projections but " + camFromRefCam.size() + " transforms");
        }
        if (camFromRefCam.get(0).maxAbsDiff(Rigid.identity()) > 1e-6) {
            throw new IllegalArgumentException("case " + name + ": the reference view's transform must be the identity, got " + camFromRefCam.get(0));
        }
    }

    /** From ground-truth poses stored in a file (stored orientation): E·P_v⁻¹·P_0·E⁻¹. */
    public static MultiViewCase fromStoredPoses(String name, DeepFluoroSpecimen s, List<String> ids) {
        Rigid e = s.file().camFromWorld();
        Rigid p0 = s.projection(ids.get(0)).camToPelvisVol();
        List<Rigid> t = new ArrayList<>();
        for (String id : ids) t.add(id.equals(ids.get(0)) ? Rigid.identity() : DeepFluoroGeometry.camBFromCamA(p0, s.projection(id).camToPelvisVol(), e));
        return new MultiViewCase(name, s.name(), ids, t);
    }

    /** From views with poses (e.g. after preprocessing): volFromCam_v⁻¹ · volFromCam_0. */
    public static MultiViewCase fromViews(String name, String specimen, List<String> ids, List<XrayView> views) {
        Rigid ref = views.get(0).volFromCam();
        if (ref == null) throw new IllegalArgumentException("case " + name + ": view " + ids.get(0) + " has no pose");
        List<Rigid> t = new ArrayList<>();
        for (int v = 0; v < views.size(); v++) {
            Rigid p = views.get(v).volFromCam();
            if (p == null) throw new IllegalArgumentException("case " + name + ": view " + ids.get(v) + " has no pose");
            t.add(v == 0 ? Rigid.identity() : p.inverse().compose(ref));
        }
        return new MultiViewCase(name, specimen, ids, t);
    }

    public int size() { return projections.size(); }

    /** Camera a → camera b of this case. */
    public Rigid camBFromCamA(int a, int b) {
        return camFromRefCam.get(b).compose(camFromRefCam.get(a).inverse());
    }

    /** The poses of every view implied by the reference view's pose: volFromCam_v = volFromCam_0 · T_v⁻¹. */
    public Rigid[] volFromCams(Rigid refVolFromCam) {
        Rigid[] out = new Rigid[size()];
        for (int v = 0; v < size(); v++) out[v] = refVolFromCam.compose(camFromRefCam.get(v).inverse());
        return out;
    }

    /** Largest rotation between any two views (degrees). */
    public double maxAngleDeg() {
        double m = 0;
        for (int a = 0; a < size(); a++) for (int b = a + 1; b < size(); b++) m = Math.max(m, Math.toDegrees(camBFromCamA(a, b).angleRad()));
        return m;
    }
}

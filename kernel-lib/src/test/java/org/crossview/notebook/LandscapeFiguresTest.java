package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.data.XraySimulator;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.loss.CaseView;
import org.crossview.loss.LossLandscape;
import org.crossview.loss.PoseDistances;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;
import org.crossview.volume.Attenuation;
import org.crossview.volume.PelvisPhantom;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class LandscapeFiguresTest {

    @Test
    void aSimulatedCaseCarriesTheKnownRelativeGeometryAndTheUnitErrorsTheirAnalyticDistances() {
        CArm carm = CArm.atIsocentre(PelvisPhantom.CENTRE_LPS);
        Camera camera = Camera.deepFluoroFullRes().binned(48);
        try (CpuRenderer renderer = new CpuRenderer(Attenuation.fromHu(PelvisPhantom.generate(8).hu()), new RenderSettings(4.0))) {
            Map<String, CArm.View> views = new LinkedHashMap<>();
            views.put("AP", new CArm.View(0, 0));
            views.put("LAO 30°", new CArm.View(30, 0));
            Rigid truth = carm.volFromCam(views.get("AP"));
            List<CaseView> cas = LandscapeFigures.simulateCase(new XraySimulator(renderer, XraySimulator.Settings.defaults()), camera, carm, views, truth, 1);
            assertEquals(List.of("AP", "LAO 30°"), cas.stream().map(CaseView::name).toList());
            assertEquals(0.0, cas.get(0).camRefFromCam().angleRad(), 1e-9, "the reference view is its own reference");
            assertEquals(Math.toRadians(30), cas.get(1).camRefFromCam().angleRad(), 1e-6, "the views are 30° apart");

            LossLandscape landscape = new LossLandscape(renderer, cas, truth, carm.isocentreLps());
            Table t = LandscapeFigures.unitErrorTable(landscape, List.of(PoseDistances.translation()));
            double[] mm = t.doubleColumn("translation-mm").asDoubleArray();
            double sourceArcMm = CArm.DEFAULT_SOURCE_TO_ISOCENTRE_MM * Math.toRadians(1);   // the source swings on a 750 mm arm
            assertEquals(sourceArcMm, mm[0], 0.01 * sourceArcMm, "rx 1°");
            assertEquals(sourceArcMm, mm[1], 0.01 * sourceArcMm, "ry 1°");
            assertEquals(0.0, mm[2], 1e-6, "rz turns about the central ray: the source stays put");
            for (int k = 3; k < 6; k++) assertEquals(1.0, mm[k], 1e-6, "a 1 mm translation");
        }
    }

    @Test
    void aCaseNeedsViews() {
        assertThrows(IllegalArgumentException.class, () -> LandscapeFigures.simulateCase(null, null, null, Map.of(), Rigid.identity(), 1));
    }
}

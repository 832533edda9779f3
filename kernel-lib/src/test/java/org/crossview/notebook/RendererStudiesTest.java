package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.volume.Attenuation;
import org.crossview.volume.PelvisPhantom;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class RendererStudiesTest {
    private static final Volume MU = Attenuation.fromHu(PelvisPhantom.generate(6).hu());
    private static final Camera CAMERA = Camera.deepFluoroFullRes().binned(48);
    private static final Rigid AP = CArm.atIsocentre(PelvisPhantom.CENTRE_LPS).apVolFromCam();

    @Test
    void samplesGrowAsOneOverTheStepAndTheSamplingErrorShrinks() {
        Table t = StepSizeStudy.run(MU, CAMERA, AP, new double[] {4.0, 2.0, 1.0}, 0.25, 1);
        double[] samples = t.doubleColumn("samples per DRR (millions)").asDoubleArray();
        assertEquals(2.0, samples[1] / samples[0], 0.05, "halving Δ doubles the samples");
        assertEquals(2.0, samples[2] / samples[1], 0.05, "halving Δ doubles the samples");
        double[] sampling = t.doubleColumn("RMS(Δ − fine) / RMS(fine)").asDoubleArray();
        assertTrue(sampling[0] > sampling[2], "sampling error at 4 mm " + sampling[0] + " vs 1 mm " + sampling[2]);
        double[] model = t.doubleColumn("RMS(Δ − Siddon) / RMS(Siddon)").asDoubleArray();
        for (double m : model) assertTrue(m > 0 && m < 0.2, "trilinear and Siddon integrals of one CT differ by " + m);
    }

    @Test
    void aStepNoCoarserThanTheReferenceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StepSizeStudy.run(MU, CAMERA, AP, new double[] {0.5}, 0.5, 1));
        assertTrue(e.getMessage().startsWith("stepsMm"), e.getMessage());
    }

    @Test
    void missingBackEndsAreNamedAndLeftOut() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Table t = BackendComparison.run(List.of("cpu", "no-such-backend"), MU, CAMERA, new Rigid[] {AP, AP}, 2.0,
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(1, t.rowCount());
        assertEquals(0.0, t.doubleColumn("max |I − I_first| / max I_first").get(0), 0.0, "the first back end is its own reference");
        assertTrue(t.doubleColumn("forward ms / DRR").get(0) > 0);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("no-such-backend: not available"), log.toString(StandardCharsets.UTF_8));
    }
}

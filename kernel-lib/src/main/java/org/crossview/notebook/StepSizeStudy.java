package org.crossview.notebook;

import java.util.Arrays;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.image.ImageMath;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;
import org.crossview.render.SiddonRenderer;
import org.crossview.volume.Volume;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * How the ray-marching step Δ changes a DRR and its cost ({@code 02_renderer}). Two differences are kept apart: the
 * <em>sampling error</em>, against the same trilinear integral marched with a step much finer than any shown, which
 * shrinks with Δ; and the <em>model difference</em> against Siddon's exact voxel-path integral, which does not (the
 * two integrate different models of the CT: trilinear against piecewise constant). The cost is given as the samples
 * evaluated (exactly ∝ 1/Δ) and as the median time of a few renders (on top of a fixed per-ray cost, and noisy on a
 * shared machine).
 */
public final class StepSizeStudy {
    private StepSizeStudy() {}

    /** The steps compared against a reference marched at {@code referenceStepMm}; {@code repeats} timed renders each. */
    public static Table run(Volume mu, Camera camera, Rigid volFromCam, double[] stepsMm, double referenceStepMm, int repeats) {
        if (stepsMm.length == 0) throw new IllegalArgumentException("stepsMm: at least one step is needed");
        for (double s : stepsMm) {
            if (!(s > referenceStepMm)) throw new IllegalArgumentException("stepsMm: each step must be coarser than the reference step " + referenceStepMm + " mm, got " + s);
        }
        if (repeats < 1) throw new IllegalArgumentException("repeats: must be ≥ 1, got " + repeats);
        Image siddon, reference;
        try (SiddonRenderer exact = new SiddonRenderer(mu)) { siddon = exact.render(camera, volFromCam); }
        try (CpuRenderer fine = new CpuRenderer(mu, new RenderSettings(referenceStepMm))) { reference = fine.render(camera, volFromCam); }
        DoubleColumn step = DoubleColumn.create("step Δ (mm)"), sampling = DoubleColumn.create("RMS(Δ − fine) / RMS(fine)"),
                model = DoubleColumn.create("RMS(Δ − Siddon) / RMS(Siddon)"), samples = DoubleColumn.create("samples per DRR (millions)"),
                millis = DoubleColumn.create("ms per DRR (cpu, median)");
        for (double s : stepsMm) {
            try (CpuRenderer cpu = new CpuRenderer(mu, new RenderSettings(s))) {
                Image im = cpu.render(camera, volFromCam);   // also the warm-up
                double[] ms = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    long start = System.nanoTime();
                    cpu.render(camera, volFromCam);
                    ms[r] = (System.nanoTime() - start) * 1e-6;
                }
                Arrays.sort(ms);
                step.append(s);
                sampling.append(ImageMath.relativeRmsDifference(im, reference));
                model.append(ImageMath.relativeRmsDifference(im, siddon));
                samples.append(cpu.sampleCount(camera, new Rigid[] {volFromCam}) * 1e-6);
                millis.append(ms[repeats / 2]);
            }
        }
        return Table.create(String.format("step size against a Δ = %s mm reference and against Siddon", referenceStepMm), step, sampling, model, samples, millis);
    }
}

package org.crossview.notebook;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.image.ImageMath;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;
import org.crossview.volume.Volume;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The renderer's back ends side by side on one batch of poses ({@code 02_renderer}): forward and forward + pose
 * gradient time per DRR after a warm-up (OpenCL compiles its kernel there), and the largest difference of each back
 * end's DRRs from the first one's, relative to its maximum. A back end that is missing or fails is named in
 * {@code log} and left out.
 */
public final class BackendComparison {
    private BackendComparison() {}

    public static Table run(List<String> backends, Volume mu, Camera camera, Rigid[] batch, double stepMm, PrintStream log) {
        if (batch.length == 0) throw new IllegalArgumentException("batch: at least one pose is needed");
        Image[] ones = new Image[batch.length];
        for (int i = 0; i < batch.length; i++) {
            ones[i] = new Image(camera.cols(), camera.rows());
            Arrays.fill(ones[i].data(), 1f);
        }
        StringColumn name = StringColumn.create("back end");
        DoubleColumn forwardMs = DoubleColumn.create("forward ms / DRR"), gradientMs = DoubleColumn.create("pose gradient ms / DRR"),
                agreement = DoubleColumn.create("max |I − I_first| / max I_first");
        Image[] reference = null;
        for (String backend : backends) {
            if (!Renderers.available().contains(backend)) {
                log.println(backend + ": not available on this machine");
                continue;
            }
            try (Renderer r = Renderers.create(backend, mu, new RenderSettings(stepMm))) {
                r.render(camera, batch);
                long start = System.nanoTime();
                Image[] out = r.render(camera, batch);
                double fwd = (System.nanoTime() - start) * 1e-6 / batch.length;
                start = System.nanoTime();
                r.poseGradient(camera, batch, ones);
                double grad = (System.nanoTime() - start) * 1e-6 / batch.length;
                if (reference == null) reference = out;
                double worst = 0;
                for (int i = 0; i < out.length; i++) worst = Math.max(worst, ImageMath.maxAbsDifference(out[i], reference[i]) / reference[i].max());
                name.append(r.name());
                forwardMs.append(fwd);
                gradientMs.append(grad);
                agreement.append(worst);
            } catch (RuntimeException e) {
                log.println(backend + ": unusable here (" + e.getMessage() + ")");
            }
        }
        return Table.create(String.format("%d poses of %d×%d, Δ = %.1f mm, %d CPU threads", batch.length, camera.cols(), camera.rows(), stepMm,
                Runtime.getRuntime().availableProcessors()), name, forwardMs, gradientMs, agreement);
    }
}

package org.crossview.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.coarse.CtSource;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroGeometry;
import org.crossview.data.DeepFluoroProjection;
import org.crossview.data.Preprocess;
import org.crossview.data.XrayView;
import org.crossview.image.Image;
import org.crossview.plot.Panels;
import org.crossview.plot.Pictures;
import org.crossview.refine.PosesCsv;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;

/**
 * {@code crossview overlay}: a look at registration results without any ground truth: for each row of a
 * poses.csv, the X-ray (preprocessed, head up) beside the CT rendered at the estimated pose, a checkerboard and
 * a red–green overlay of the two. Works on any DeepFluoro-layout file, imported ones included.
 */
public final class OverlayCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: crossview overlay --data F.h5 --poses poses.csv [--out PREFIX] [--size 256] [--backend auto] [--pose-shift none|minus-half-mm]",
            "  Writes PREFIX-SPECIMEN-PROJECTION.png per row of poses.csv (default PREFIX: poses.csv's path without .csv):",
            "  the X-ray (log, head up, --size pixels across), the CT rendered at the estimated pose, a checkerboard of the",
            "  two (edges continue across squares when aligned) and red = X-ray, green = rendering (aligned bone is yellow).");

    @Override
    public String name() {
        return "overlay";
    }

    @Override
    public String summary() {
        return "pictures of registration results (X-ray, rendering at the estimate, checkerboard, red-green), no ground truth needed";
    }

    @Override
    public int run(String[] args) throws Exception {
        Path data = null, poses = null;
        String prefix = null, backend = "auto";
        int size = 256;
        DeepFluoroGeometry.PoseShift shift = DeepFluoroGeometry.PoseShift.NONE;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--data" -> data = Path.of(Options.value(args, ++i, a));
                case "--poses" -> poses = Path.of(Options.value(args, ++i, a));
                case "--out" -> prefix = Options.value(args, ++i, a);
                case "--size" -> size = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--backend" -> backend = Options.value(args, ++i, a);
                case "--pose-shift" -> shift = DeepFluoroGeometry.PoseShift.parse(Options.value(args, ++i, a), a);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        if (data == null || poses == null) throw new IllegalArgumentException("--data and --poses are required\n" + USAGE);
        Options.requireFileIfGiven(data, "--data");
        Options.requireFileIfGiven(poses, "--poses");
        if (prefix == null) prefix = poses.toString().replaceFirst("(?i)\\.csv$", "");
        Options.requireWritableOutput(Path.of(prefix + ".png"), "--out");
        List<PosesCsv.Row> rows = PosesCsv.read(poses);
        Map<String, List<PosesCsv.Row>> bySpecimen = new LinkedHashMap<>();
        for (PosesCsv.Row r : rows) bySpecimen.computeIfAbsent(r.specimen(), k -> new ArrayList<>()).add(r);
        int done = 0;
        long t0 = System.nanoTime();
        try (DeepFluoroFile f = DeepFluoroFile.open(data, shift)) {
            for (Map.Entry<String, List<PosesCsv.Row>> e : bySpecimen.entrySet()) {
                if (!f.specimenNames().contains(e.getKey())) throw new IllegalArgumentException("--poses: specimen '" + e.getKey() + "' is not in " + data + " (has " + f.specimenNames() + ")");
                CtSource ct = CtSource.deepFluoro(data, e.getKey());
                try (Renderer renderer = Renderers.create(backend, ct.mu(), new RenderSettings(1.0))) {
                    for (PosesCsv.Row r : e.getValue()) {
                        DeepFluoroProjection p = f.specimen(e.getKey()).projection(r.projection());
                        XrayView estimate = new XrayView(e.getKey() + "/" + p.id(), p.image(), p.camera(),
                                DeepFluoroGeometry.volFromCam(r.camToPelvisVol(), f.camFromWorld(), f.poseShift()), p.landmarks(), p.rot180ForUp());
                        XrayView x = Preprocess.apply(estimate, Preprocess.Settings.deepFluoro(p.camera()).withSize(size).withNormalisation(Preprocess.Normalisation.NONE));
                        Image drr = renderer.render(x.camera(), x.volFromCam());
                        int enlarge = Math.max(1, 256 / Math.max(x.camera().cols(), x.camera().rows()));
                        BufferedImage panel = Pictures.strip(Panels.registrationRow(x.image(), drr, enlarge), Panels.registrationTitles(p.id()));
                        Path png = Path.of(prefix + "-" + e.getKey() + "-" + p.id() + ".png");
                        Pictures.savePng(panel, png);
                        done++;
                        double s = (System.nanoTime() - t0) * 1e-9;
                        System.err.printf("overlay: [%d/%d] wrote %s  [%.1f s, ~%.0f s left]%n", done, rows.size(), png, s, s / done * (rows.size() - done));
                    }
                }
            }
        }
        return 0;
    }
}

package org.crossview.notebook;

import com.google.gson.GsonBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.crossview.coarse.CtSource;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroProjection;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.DicomCtSeries;
import org.crossview.data.ImportedDataset;
import org.crossview.data.ImportedXray;
import org.crossview.data.MultiViewCase;
import org.crossview.data.MultiViewCases;
import org.crossview.data.Preprocess;
import org.crossview.data.SimulatedDataset;
import org.crossview.data.XraySimulator;
import org.crossview.data.XrayView;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.plot.Panels;
import org.crossview.data.CarmAngles;
import org.crossview.refine.FileRegistration;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;
import org.crossview.volume.Attenuation;
import org.crossview.volume.Nifti;
import org.crossview.volume.PelvisPhantom;
import org.crossview.volume.Volume;

/**
 * Notebook 01's "own patient": a folder as a hospital would hand it over (a CT and C-arm X-rays with their geometry,
 * no ground truth), made here from the embedded phantom, then imported, registered from the C-arm's nominal pose and
 * drawn, with the library calls {@code crossview import}, {@code register --init ap} and {@code overlay} make.
 *
 * <p>The folder holds {@code ct.nii.gz} and one 16-bit PNG per view with a same-name JSON of DICOM geometry keywords
 * (the format {@link ImportedXray#read} accepts besides DICOM). The views are rendered by {@link XraySimulator} about an
 * isocentre {@link Settings#isocentreOffsetMm} away from the CT's centre, where {@code --init ap} assumes it: the start
 * is that far off and registration has to find it. The true poses are kept for the notebook's check only.
 */
public final class OwnPatientExample {
    private OwnPatientExample() {}

    /**
     * @param voxelMm            the phantom's voxel size
     * @param binning            DeepFluoro's 1536² detector of 0.194 mm binned by this (12 = 128² of 2.33 mm)
     * @param laoDeg             one view per angle (PositionerPrimaryAngle, LAO +), cranial 0
     * @param isocentreOffsetMm  where the C-arm's isocentre lies relative to the CT's centre (LPS, mm)
     */
    public record Settings(double voxelMm, int binning, double[] laoDeg, double[] isocentreOffsetMm, long seed) {
        /** Fast: 4 mm phantom, 128² images, AP and LAO 30°, isocentre 12 mm from the CT's centre. */
        public static Settings tutorial() {
            return new Settings(4, 12, new double[] {0, 30}, new double[] {6, -5, 9}, 1);
        }
    }

    /** What {@link #write} made: the CT file, the views (reference first) and, for checking only, their true volFromCam. */
    public record Folder(Path dir, Path ct, List<Path> views, List<Rigid> trueVolFromCam) {}

    /** The imported file, its sidecar (cases, relative transforms, C-arm angles) and the specimen name. */
    public record Imported(Path h5, Path json, String specimen) {}

    /** Writes {@code dir/ct.nii.gz} and {@code dir/view-LAO.png} + {@code .json} per view. */
    public static Folder write(Path dir, Settings s, Consumer<String> progress) throws IOException {
        Files.createDirectories(dir);
        Volume hu = PelvisPhantom.generate(s.voxelMm()).hu();
        Path ct = dir.resolve("ct.nii.gz");
        Nifti.write(ct, hu);
        progress.accept("wrote " + ct + ": " + hu);
        double[] c = hu.centreLps(), o = s.isocentreOffsetMm();
        CArm arm = CArm.atIsocentre(new double[] {c[0] + o[0], c[1] + o[1], c[2] + o[2]});
        Camera cam = Camera.deepFluoroFullRes().binned(s.binning());
        List<Path> views = new ArrayList<>();
        List<Rigid> truth = new ArrayList<>();
        try (Renderer mu = Renderers.create("auto", Attenuation.fromHu(hu), new RenderSettings(1))) {
            XraySimulator sim = new XraySimulator(mu, XraySimulator.Settings.defaults().withSupersample(1));
            for (int v = 0; v < s.laoDeg().length; v++) {
                Rigid volFromCam = arm.volFromCam(s.laoDeg()[v], 0);
                Path png = dir.resolve(String.format("view-lao%+03.0f.png", s.laoDeg()[v]));
                writePng16(sim.simulate(cam, volFromCam, s.seed() + v), png);
                Files.writeString(geometryJson(png), geometry(cam, s.laoDeg()[v], arm.sourceToIsocentreMm()));
                progress.accept("wrote " + png + " (+ .json): LAO " + s.laoDeg()[v] + "°, " + cam.cols() + "×" + cam.rows());
                views.add(png);
                truth.add(volFromCam);
            }
        }
        return new Folder(dir, ct, List.copyOf(views), List.copyOf(truth));
    }

    /** {@code crossview import --ct CT --views v0,v1,... --out OUT}: one case of the folder's views, the first the reference. */
    public static Imported importFolder(Folder f, Path out, Consumer<String> progress) throws IOException {
        List<ImportedXray> xs = new ArrayList<>();
        for (Path p : f.views()) xs.add(ImportedXray.read(p, ImportedXray.Settings.defaults()));
        Volume hu = DicomCtSeries.read(f.ct(), progress);
        String name = out.getFileName().toString().replaceFirst("(?i)\\.h5$", "");
        Path json = SimulatedDataset.write(out, ImportedDataset.build(name, hu, List.of(xs), List.of(f.views())));
        progress.accept("imported " + xs.size() + " views and the CT into " + out + " and " + json);
        return new Imported(out, json, name);
    }

    /** {@code crossview register --data H5 --relative JSON --init ap} for the file's first case. */
    public static FileRegistration.Outcome register(Imported imp, FileRegistration.Options options) throws IOException {
        MultiViewCase first = MultiViewCases.read(imp.json()).get(0);
        try (DeepFluoroFile f = DeepFluoroFile.open(imp.h5())) {
            DeepFluoroSpecimen s = f.specimen(imp.specimen());
            CtSource ct = CtSource.deepFluoro(imp.h5(), s.name());
            try (FileRegistration reg = new FileRegistration(f, s, ct, null, options.withStart(FileRegistration.Start.AP, null))
                    .withCarmAnglesDeg(CarmAngles.read(imp.json()))) {
                return reg.register(FileRegistration.CaseSpec.of(first));
            }
        }
    }

    /** Tutorial-scale refinement: 64² top level, 2 levels, 2 mm ray steps, otherwise {@link FileRegistration.Options#defaults()}. */
    public static FileRegistration.Options tutorialOptions() {
        FileRegistration.Options d = FileRegistration.Options.defaults();
        return new FileRegistration.Options(64, 2, d.similarity(), 150, 2, d.backend(), d.truncationMask(), d.boneMask(),
                FileRegistration.Start.AP, null, d.seed(), d.search(), d.retries());
    }

    /** As {@code crossview overlay}, one row per view: X-ray, CT rendered at the estimate, checkerboard, red–green. */
    public static BufferedImage overlay(Imported imp, FileRegistration.Outcome o, int size) throws IOException {
        List<List<BufferedImage>> rows = new ArrayList<>();
        List<List<String>> titles = new ArrayList<>();
        try (DeepFluoroFile f = DeepFluoroFile.open(imp.h5());
                Renderer renderer = Renderers.create("auto", CtSource.deepFluoro(imp.h5(), imp.specimen()).mu(), new RenderSettings(1.0))) {
            for (int v = 0; v < o.spec().projections().size(); v++) {
                DeepFluoroProjection p = f.specimen(imp.specimen()).projection(o.spec().projections().get(v));
                XrayView at = new XrayView(p.id(), p.image(), p.camera(), o.volFromCam().get(v), p.landmarks(), p.rot180ForUp());
                XrayView x = Preprocess.apply(at, Preprocess.Settings.deepFluoro(p.camera()).withSize(size).withNormalisation(Preprocess.Normalisation.NONE));
                Image drr = renderer.render(x.camera(), x.volFromCam());
                int enlarge = Math.max(1, 256 / size);
                rows.add(Panels.registrationRow(x.image(), drr, enlarge));
                titles.add(Panels.registrationTitles(p.id()));
            }
        }
        return Panels.grid(rows, titles);
    }

    /** Rotation (degrees) and isocentre displacement (mm) of an estimate from the truth. */
    public static double[] errorDegMm(Rigid estimate, Rigid truth, double sourceToIsocentreMm) {
        double[] a = estimate.apply(0, 0, -sourceToIsocentreMm), b = truth.apply(0, 0, -sourceToIsocentreMm);
        double mm = Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
        return new double[] {Math.toDegrees(truth.inverse().compose(estimate).angleRad()), mm};
    }

    static Path geometryJson(Path image) {
        return image.resolveSibling(image.getFileName().toString().replaceFirst("\\.[^.]+$", "") + ".json");
    }

    /** The DICOM keywords of a C-arm view; the values are linear in the detected intensity (as a raw detector image). */
    static String geometry(Camera cam, double laoDeg, double sourceToIsocentreMm) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("DistanceSourceToDetector", cam.sourceToDetectorMm());
        g.put("DistanceSourceToPatient", sourceToIsocentreMm);
        g.put("ImagerPixelSpacing", new double[] {cam.pixelRowSpacingMm(), cam.pixelColSpacingMm()});
        g.put("PositionerPrimaryAngle", laoDeg);
        g.put("PositionerSecondaryAngle", 0.0);
        g.put("PixelIntensityRelationship", "LIN");
        return new GsonBuilder().setPrettyPrinting().create().toJson(g);
    }

    /** A 16-bit grey PNG (javax.imageio), values scaled so the brightest pixel is 60000. */
    static void writePng16(Image im, Path png) throws IOException {
        float[] d = im.data();
        double max = 0;
        for (float x : d) max = Math.max(max, x);
        BufferedImage b = new BufferedImage(im.cols(), im.rows(), BufferedImage.TYPE_USHORT_GRAY);
        short[] px = ((java.awt.image.DataBufferUShort) b.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < d.length; i++) px[i] = (short) Math.round(Math.max(0, d[i]) / max * 60000);
        if (!ImageIO.write(b, "png", png.toFile())) throw new IOException(png + ": no PNG writer");
    }
}

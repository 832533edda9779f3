package org.crossview.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossview.data.DicomCtSeries;
import org.crossview.data.ImportedDataset;
import org.crossview.data.ImportedXray;
import org.crossview.data.SimulatedDataset;
import org.crossview.data.XrayIntensity;
import org.crossview.volume.Volume;

/** {@code crossview import}: a patient's DICOM CT and C-arm X-rays into one DeepFluoro-layout file, with no ground truth. */
public final class ImportCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: crossview import --ct DIR|FILE --views a.dcm,b.dcm[,...] [--views ...] --out OWN.h5 [--name NAME]",
            "                        [--xray-values auto|lin|log] [--bone-bright]",
            "  --ct: a folder holding one DICOM CT series, one file of a series (its folder's files of that series are read),",
            "  or a .nii/.nii.gz file. Slices are ordered by ImagePositionPatient along the slice normal and must be evenly",
            "  spaced; the CT is brought to the LPS identity-direction frame (exact for axial/sagittal/coronal, flipped or not;",
            "  trilinear for oblique orientations). Each --views list is one multi-view case (images of one static patient,",
            "  the first the reference); projections are numbered 000, 001, ... in the order given. X-ray geometry comes from",
            "  the header: DistanceSourceToDetector, DistanceSourceToPatient (isocentre), ImagerPixelSpacing (else PixelSpacing,",
            "  assumed at the detector), Rows/Columns, PositionerPrimaryAngle (LAO +), PositionerSecondaryAngle (cranial +),",
            "  PatientOrientation (images are flipped to columns → patient's left, rows → feet in the AP view); principal",
            "  point assumed centred. All views of a file must share one detector (size, spacing, SDD within 0.1 %).",
            "  A view may also be a .png/.tif (8/16-bit grey) with NAME.json beside it giving these fields by DICOM keyword,",
            "  e.g. {\"DistanceSourceToDetector\": 1020, \"ImagerPixelSpacing\": [0.3, 0.3], \"PositionerPrimaryAngle\": 30, ...}.",
            "  --xray-values: lin = pixel values proportional to detected intensity, log = log-processed; auto (default) reads",
            "  PixelIntensityRelationship (0028,1040) and assumes log when it is absent. --bone-bright: the image shows bone",
            "  bright (processed radiographs) when PixelIntensityRelationshipSign (0028,1041) is absent; default bone dark",
            "  (as raw and angiographic images; MONOCHROME1 is inverted first). Images end as raw-intensity-like values.",
            "  Writes OWN.h5 (no gt-* groups, no landmarks) and OWN.json (cases and cam_b_from_cam_a from the positioner angles).",
            "  Then: crossview register --data OWN.h5 --relative OWN.json --init ap --out poses.csv");

    @Override
    public String name() {
        return "import";
    }

    @Override
    public String summary() {
        return "import a DICOM CT series and C-arm X-rays (DICOM) into a DeepFluoro-layout .h5 (+ .json cases), no ground truth";
    }

    @Override
    public int run(String[] args) throws Exception {
        Path ct = null, out = null;
        String name = null;
        List<List<Path>> views = new ArrayList<>();
        XrayIntensity.Relationship relationship = null;
        boolean boneBright = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--ct" -> ct = Path.of(Options.value(args, ++i, a));
                case "--views" -> {
                    List<Path> list = new ArrayList<>();
                    for (String f : Options.value(args, ++i, a).split(",")) {
                        if (f.isBlank()) throw new IllegalArgumentException("--views: empty file name in '" + args[i] + "'");
                        list.add(Path.of(f.trim()));
                    }
                    views.add(list);
                }
                case "--out" -> out = Path.of(Options.value(args, ++i, a));
                case "--name" -> name = Options.value(args, ++i, a);
                case "--xray-values" -> {
                    String v = Options.value(args, ++i, a);
                    relationship = switch (v) {
                        case "auto" -> null;
                        case "lin" -> XrayIntensity.Relationship.LIN;
                        case "log" -> XrayIntensity.Relationship.LOG;
                        default -> throw new IllegalArgumentException("--xray-values: expected auto, lin or log, got '" + v + "'");
                    };
                }
                case "--bone-bright" -> boneBright = true;
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        if (ct == null || out == null || views.isEmpty()) throw new IllegalArgumentException("--ct, --views and --out are required\n" + USAGE);
        if (!out.getFileName().toString().toLowerCase().endsWith(".h5")) throw new IllegalArgumentException("--out: expected a .h5 file, got " + out);
        Options.requireWritableOutput(out, "--out");
        if (!Files.exists(ct)) throw new IllegalArgumentException("--ct: no such file or folder: " + ct);
        for (List<Path> list : views) {
            for (Path p : list) Options.requireFileIfGiven(p, "--views");
        }
        // the X-rays first: they are small, and a header problem should stop us before the CT is read
        ImportedXray.Settings settings = new ImportedXray.Settings(relationship, boneBright);
        List<List<ImportedXray>> cases = new ArrayList<>();
        for (int c = 0; c < views.size(); c++) {
            List<ImportedXray> xs = new ArrayList<>();
            for (Path p : views.get(c)) {
                ImportedXray x = ImportedXray.read(p, settings);
                System.err.printf("import: case %d view %d %s: %d×%d, %.3f×%.3f mm (%s), SDD %.1f mm, source–isocentre %.1f mm, LAO %.1f°, cranial %.1f°, %s%s%n",
                        c, xs.size(), x.name(), x.camera().cols(), x.camera().rows(), x.camera().pixelColSpacingMm(), x.camera().pixelRowSpacingMm(), x.spacingFrom(),
                        x.camera().sourceToDetectorMm(), x.sourceToIsocentreMm(), x.laoDeg(), x.cranialDeg(), x.intensity(),
                        x.flips().isEmpty() ? "" : ", flipped " + x.flips());
                xs.add(x);
            }
            cases.add(xs);
        }
        Volume hu = DicomCtSeries.read(ct, System.err::println);
        System.err.println("import: CT " + hu);
        String specimen = name != null ? name : out.getFileName().toString().replaceFirst("(?i)\\.h5$", "");
        SimulatedDataset.Result r = ImportedDataset.build(specimen, hu, cases, views);
        Path json = SimulatedDataset.write(out, r);
        System.err.println("import: wrote " + out + " and " + json + "; next: crossview register --data " + out + " --relative " + json + " --init ap --out poses.csv");
        return 0;
    }
}

package org.crossview.notebook;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.crossview.SharedData;
import org.crossview.coarse.CoarseModel;
import org.crossview.coarse.CtSource;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.MultiViewCase;
import org.crossview.eval.ResultTables;
import org.crossview.refine.FileRegistration;
import org.crossview.refine.InitialError;
import org.crossview.refine.RobustnessStudy;
import org.crossview.refine.StudyCase;
import org.crossview.render.RenderSettings;
import org.crossview.render.Renderer;
import org.crossview.render.Renderers;
import tech.tablesaw.api.Table;

/**
 * The evaluation loop of {@code 07_results}: every case of every specimen registered multi-view and each view alone
 * ({@link Results#register}), the robustness study on the first case of each simulated specimen, and the run times,
 * collected for the tables and figures that follow.
 */
public final class ResultsStudy {

    /** The scale of the evaluation. */
    public record Settings(double voxelMm, int casesPerSpecimen, int viewsPerCase, int size, double rayStepMm, int maxIterationsPerLevel,
            boolean useCoarse, InitialError tutorialStart, List<InitialError> robustnessSizes, int robustnessTrials) {
        /**
         * Tutorial: 2 mm voxels, 5 cases of 3 views, 64² on 3 levels of up to 60 iterations, starts at the truth moved by
         * 5°/10 mm, 3 trials of 5 error sizes. FULL=1: 1 mm, 10 cases, 128², 300 iterations, the coarse network as start,
         * 10 trials of 7 sizes.
         */
        public static Settings forScale() {
            return new Settings(Scale.pick(2.0, 1.0), Scale.pick(5, 10), 3, Scale.pick(64, 128), Scale.pick(2.0, 1.0), Scale.pick(60, 300),
                    Scale.full(), new InitialError(5, 10),
                    Scale.pick(errors(5, 10, 20, 30, 40), errors(2.5, 5, 10, 15, 20, 30, 40)), Scale.pick(3, 10));
        }

        private static List<InitialError> errors(double... degrees) {
            List<InitialError> out = new ArrayList<>();
            for (double d : degrees) out.add(new InitialError(d, 2 * d));
            return out;
        }

        /** {@link FileRegistration}'s options for these settings (3 pyramid levels, mNCC). */
        public FileRegistration.Options registration() {
            return new FileRegistration.Options(size, 3, "mncc", maxIterationsPerLevel, rayStepMm, "auto", true, false,
                    useCoarse ? FileRegistration.Start.COARSE : FileRegistration.Start.PERTURBED_TRUTH, useCoarse ? null : tutorialStart, 11);
        }

        public String start() {
            return useCoarse ? "the coarse network trained for the specimen" : "the true pose moved by " + tutorialStart;
        }

        public String describe() {
            return String.format(Locale.ROOT, "%d cases × %d views per specimen, %d² on 3 levels (≤ %d iterations each), %.1f mm voxels and ray steps; start: %s",
                    casesPerSpecimen, viewsPerCase, size, maxIterationsPerLevel, voxelMm, start());
        }
    }

    /**
     * The specimens: {@code ct} simulated here, the real chest CT of {@code ../shared/data/ct} simulated when present, and
     * every specimen of the DeepFluoro file {@code deepFluoro} when not empty. Label → file and specimen group.
     */
    public static Map<String, SimulatedFiles.Specimen> specimens(String ct, String deepFluoro, Settings s, PrintStream log) throws IOException {
        Map<String, SimulatedFiles.Specimen> out = new LinkedHashMap<>();
        SimulatedFiles.Settings sim = SimulatedFiles.Settings.tutorial(s.casesPerSpecimen(), s.viewsPerCase());
        out.put(ct.equals("phantom") ? "phantom (simulated)" : ct + " (simulated)", SimulatedFiles.simulate(ct, s.voxelMm(), sim, m -> {}));
        Optional<Path> chest = SharedData.file("ct/chest_cta_1.5mm.nii.gz");
        if (chest.isPresent()) out.put("chest CT (simulated)", SimulatedFiles.simulate(chest.get().toString(), s.voxelMm(), sim.withSeed(1), m -> {}));
        else log.println("(../shared/data/ct/chest_cta_1.5mm.nii.gz absent: no real-CT specimen)");
        if (!deepFluoro.isEmpty()) {
            try (DeepFluoroFile f = DeepFluoroFile.open(Path.of(deepFluoro))) {
                for (String name : f.specimenNames()) out.put("DeepFluoro " + name, new SimulatedFiles.Specimen(Path.of(deepFluoro), name));
            }
        } else {
            log.println("(CROSSVIEW_DEEPFLUORO not set: simulated specimens only)");
        }
        out.forEach((k, v) -> log.println(k + ": " + v.ctSpec()));
        return out;
    }

    private final Settings settings;
    private final PrintStream log;
    private final Results.Runtimes runtimes = new Results.Runtimes();
    private final List<ResultTables.Row> multiView = new ArrayList<>(), singleView = new ArrayList<>(), starts = new ArrayList<>();
    private final Table robustness = RobustnessStudy.emptyResults();
    private final List<String> specimens = new ArrayList<>();

    public ResultsStudy(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /**
     * Registers every case of one specimen (the start from {@link Settings#start}); on a simulated specimen (label not
     * starting with "DeepFluoro") also runs the robustness study on its first case; times five DRRs of one view.
     */
    public void register(String label, SimulatedFiles.Specimen specimen) throws IOException {
        CtSource ct = CtSpec.load(specimen.ctSpec(), settings.voxelMm());
        CoarseModel model = null;
        if (settings.useCoarse()) {
            try (CoarseExperiment exp = CoarseExperiment.of(ct, CoarseOptions.forScale()); Progress progress = Progress.to(log)) {
                CoarseExperiment.Trained t = exp.train(progress);   // whole lines, one updating line for the steps
                model = t.model();
                if (!t.fromCache()) runtimes.add("coarse training (" + ct.name() + ")", t.trainSeconds());
            }
        }
        try (DeepFluoroFile f = DeepFluoroFile.open(specimen.file());
                FileRegistration registration = new FileRegistration(f, f.specimen(specimen.specimen()), ct, model, settings.registration());
                Renderer renderer = Renderers.create("auto", ct.mu(), new RenderSettings(settings.rayStepMm()))) {
            DeepFluoroSpecimen spec = f.specimen(specimen.specimen());
            List<MultiViewCase> cases = FileCases.cases(spec, settings.viewsPerCase(), settings.casesPerSpecimen(), 0);
            log.println("== " + label + ": " + cases.size() + " cases of " + settings.viewsPerCase() + " views, start: " + settings.start());
            Results.Registered r = Results.register(label, spec, registration, cases, true, runtimes, log);
            multiView.addAll(r.multiView());
            singleView.addAll(r.singleView());
            starts.addAll(r.initial());
            specimens.add(label);
            StudyCase first = registration.studyCase(FileRegistration.CaseSpec.of(cases.get(0)));
            if (!label.startsWith("DeepFluoro")) {
                RobustnessStudy study = new RobustnessStudy(registration.refiner(), settings.robustnessSizes(), settings.robustnessTrials(), 5).modes(true, true);
                robustness.append(study.run(List.of(first)));
            }
            for (int i = 0; i < 5; i++) {
                runtimes.time("DRR " + settings.size() + "² (one view)", () -> renderer.render(first.views().get(0).camera(), first.volFromCamTrue(0)));
            }
        }
    }

    public Settings settings() { return settings; }
    public List<String> specimens() { return List.copyOf(specimens); }
    public List<ResultTables.Row> multiView() { return List.copyOf(multiView); }
    public List<ResultTables.Row> singleView() { return List.copyOf(singleView); }
    public List<ResultTables.Row> starts() { return List.copyOf(starts); }
    public Table robustness() { return robustness; }
    public Results.Runtimes runtimes() { return runtimes; }
}

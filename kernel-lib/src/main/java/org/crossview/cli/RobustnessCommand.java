package org.crossview.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.coarse.CoarseModel;
import org.crossview.coarse.CtSource;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.eval.ResultTables;
import org.crossview.io.Journal;
import org.crossview.refine.FileRegistration;
import org.crossview.refine.InitialError;
import org.crossview.refine.RobustnessStudy;
import org.crossview.refine.StudyCase;
import tech.tablesaw.api.Table;

/**
 * {@code crossview robustness}: success rate and final mTRE of the refinement as functions of the initial error,
 * multi-view against single-view, optionally also from the coarse model's predictions.
 */
public final class RobustnessCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: crossview robustness --data F.h5 --relative CASES.json|csv --out study.csv [--specimen S] [--cases N]",
            "         [--errors 2:5,5:10,10:20] [--trials 1] [--seed 0] [--model model.zip] [--modes single,multi]",
            "         [--size 128] [--levels 3] [--similarity mncc] [--max-iterations 300] [--step-mm S] [--no-truncation-mask] [--backend auto] [--restart]",
            "  For each case (the first N of CASES), each initial error DEG:MM (a rotation of DEG degrees about a random axis through",
            "  the CT's isocentre, then MM mm in a random direction; the true pose is moved, so this is a study, not a registration)",
            "  and each trial, refines the case multi-view and each of its views alone from the same start. With --model, also from",
            "  the coarse predictions (and reports them unrefined). Writes one row per refinement to OUT and the summary (success",
            "  under 1/2/10 mm, mean and median final mTRE per mode and error size) to OUT-stem.summary.csv.",
            "  Each finished case is kept in OUT.journal.jsonl: after a stop the same command runs only the cases left (a case's",
            "  starts depend only on the seed and its name); other settings are refused unless --restart drops the journal.");

    @Override
    public String name() {
        return "robustness";
    }

    @Override
    public String summary() {
        return "robustness study of the refinement: success and mTRE against the initial error, single vs multi-view";
    }

    @Override
    public int run(String[] args) throws Exception {
        FileRegistration.Options d = FileRegistration.Options.defaults();
        Path data = null, relative = null, out = null, model = null;
        String specimen = null, similarity = d.similarity(), backend = d.backend();
        int cases = Integer.MAX_VALUE, trials = 1, size = d.size(), levels = d.levels(), maxIterations = d.maxIterationsPerLevel();
        long seed = 0;
        double stepMm = d.stepMm();
        boolean truncation = d.truncationMask(), single = true, multi = true, restart = false;
        String errorsArg = "2:5,5:10,10:20", modes = "single,multi";
        List<InitialError> errors = List.of(new InitialError(2, 5), new InitialError(5, 10), new InitialError(10, 20));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--data" -> data = Path.of(Options.value(args, ++i, a));
                case "--relative" -> relative = Path.of(Options.value(args, ++i, a));
                case "--out" -> out = Path.of(Options.value(args, ++i, a));
                case "--model" -> model = Path.of(Options.value(args, ++i, a));
                case "--specimen" -> specimen = Options.value(args, ++i, a);
                case "--cases" -> cases = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--trials" -> trials = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--seed" -> seed = (long) Options.finite(Options.value(args, ++i, a), a);
                case "--errors" -> {
                    errorsArg = Options.value(args, ++i, a);
                    errors = parseErrors(errorsArg);
                }
                case "--modes" -> {
                    String v = Options.value(args, ++i, a);
                    modes = v;
                    single = v.contains("single");
                    multi = v.contains("multi");
                    if (!single && !multi) throw new IllegalArgumentException("--modes: expected single, multi or single,multi, got '" + v + "'");
                }
                case "--size" -> size = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--levels" -> levels = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--similarity" -> similarity = Options.value(args, ++i, a);
                case "--max-iterations" -> maxIterations = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--step-mm" -> stepMm = Options.positive(Options.value(args, ++i, a), a);
                case "--no-truncation-mask" -> truncation = false;
                case "--backend" -> backend = Options.value(args, ++i, a);
                case "--restart" -> restart = true;
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        if (data == null || relative == null || out == null) throw new IllegalArgumentException("--data, --relative and --out are required\n" + USAGE);
        Options.requireFileIfGiven(data, "--data");
        Options.requireWritableOutput(out, "--out");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("--data", Resume.fileSetting(data));
        settings.put("--relative", Resume.fileSetting(relative));
        settings.put("--specimen", specimen == null ? "(not given)" : specimen);
        settings.put("--model", Resume.fileSetting(model));
        settings.put("--errors", errorsArg);
        settings.put("--trials", Integer.toString(trials));
        settings.put("--seed", Long.toString(seed));
        settings.put("--modes", modes);
        settings.put("--size", Integer.toString(size));
        settings.put("--levels", Integer.toString(levels));
        settings.put("--similarity", similarity);
        settings.put("--max-iterations", Integer.toString(maxIterations));
        settings.put("--step-mm", Double.toString(stepMm));
        settings.put("--no-truncation-mask", Boolean.toString(!truncation));
        settings.put("--backend", backend);
        settings.put("columns", String.join(",", RobustnessStudy.emptyResults().columnNames()));
        Journal journal = Resume.open(name(), out, settings, restart, System.err);
        CoarseModel coarse = null;
        if (model != null) {
            try {
                coarse = CoarseModel.load(model);
            } catch (Exception e) {
                throw new IllegalArgumentException("--model " + model + ": cannot read the coarse model (" + e.getMessage() + ")", e);
            }
        }
        FileRegistration.Options options = new FileRegistration.Options(size, levels, similarity, maxIterations, stepMm, backend, truncation, false,
                FileRegistration.Start.AP, null, seed);
        Table results;
        try (DeepFluoroFile f = DeepFluoroFile.open(data)) {
            DeepFluoroSpecimen s = f.specimen(RegisterCommand.chooseSpecimen(f, specimen, List.of()));
            List<FileRegistration.CaseSpec> specs = RegisterCommand.cases(s, List.of(), relative);
            specs = specs.subList(0, Math.min(cases, specs.size()));
            CtSource ct = CtSource.deepFluoro(data, s.name());
            try (FileRegistration reg = new FileRegistration(f, s, ct, coarse, options)) {
                List<StudyCase> studyCases = new ArrayList<>();
                for (FileRegistration.CaseSpec c : specs) studyCases.add(reg.studyCase(c));
                RobustnessStudy study = new RobustnessStudy(reg.refiner(), errors, trials, seed).modes(single, multi).progressTo(System.err)
                        .withJournal(new RobustnessStudy.CaseJournal() {
                            @Override
                            public List<String> finished(String caseName) {
                                Journal.Entry e = journal.get(caseName);
                                return e == null ? null : e.values();
                            }

                            @Override
                            public void record(String caseName, List<String> rows) {
                                try {
                                    journal.append(caseName, rows);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            }
                        });
                if (coarse != null) study.withCoarse(reg.coarseStage());
                try (Resume.Interrupt stop = new Resume.Interrupt(name(), args, journal, System.err)) {
                    stop.total(studyCases.size());
                    results = study.run(studyCases);
                }
            }
        }
        Table summary = RobustnessStudy.summary(results);
        System.out.println(summary.printAll());
        ResultTables.writeCsv(results, out);
        Path summaryFile = RegisterCommand.sibling(out, ".summary.csv");
        ResultTables.writeCsv(summary, summaryFile);
        journal.delete();
        System.err.println("robustness: wrote " + out + " and " + summaryFile);
        return 0;
    }

    static List<InitialError> parseErrors(String s) {
        List<InitialError> out = new ArrayList<>();
        for (String part : s.split(",")) {
            String[] p = part.split(":");
            if (p.length != 2) throw new IllegalArgumentException("--errors: expected DEG:MM[,DEG:MM…], got '" + s + "'");
            double deg = Options.finite(p[0], "--errors"), mm = Options.finite(p[1], "--errors");
            if (deg < 0 || mm < 0) throw new IllegalArgumentException("--errors: sizes must be ≥ 0, got '" + part + "'");
            out.add(new InitialError(deg, mm));
        }
        return out;
    }
}

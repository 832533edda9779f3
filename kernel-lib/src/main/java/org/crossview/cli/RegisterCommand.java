package org.crossview.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crossview.coarse.CoarseModel;
import org.crossview.coarse.CoarseRun;
import org.crossview.coarse.CtSource;
import org.crossview.coarse.DomainRandomisation;
import org.crossview.coarse.Nd4jThreads;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroGeometry;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.MultiViewCase;
import org.crossview.data.MultiViewCases;
import org.crossview.geometry.Rigid;
import org.crossview.io.Journal;
import org.crossview.data.CarmAngles;
import org.crossview.refine.FileRegistration;
import org.crossview.refine.InitialError;
import org.crossview.refine.PosesCsv;

/**
 * {@code crossview register}: the whole method on a DeepFluoro-layout file: coarse network (trained first when
 * no model is given), then multi-view refinement of each case; writes poses.csv for {@code crossview evaluate}.
 */
public final class RegisterCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: crossview register --data F.h5 [--specimen S] [--ct CT.nii.gz] [--views 000,001,002]... [--relative FILE] [--model model.zip]",
            "         --out poses.csv [--init auto|coarse|ap|perturb:DEG,MM] [--search on|off] [--retries 1] [--seed 0] [--size 128] [--levels 3]",
            "         [--similarity mncc|gncc|mncc+gncc|ncc|patchN] [--max-iterations 300] [--step-mm S] [--backend auto|cpu|opencl]",
            "         [--no-truncation-mask] [--bone-mask] [--pose-shift none|minus-half-mm] [--no-overlays]",
            "         [--train-steps " + CoarseRun.Options.DEFAULT_STEPS + "] [--train-size 64] [--train-net " + CoarseRun.Options.DEFAULT_NET + "] [--domain-rand " + DomainRandomisation.DEFAULT + "] [--nd4j-threads 1] [--restart]",
            "  After poses.csv, one overlay PNG per view is written next to it (as 'crossview overlay'; --no-overlays skips them).",
            "  --ct: the CT (NIfTI in HU, in the file's LPS volume frame) instead of the file's own vol (e.g. a finer or",
            "  differently windowed reconstruction of the same scan).",
            "  Each --views list is one multi-view case (one pose refined against all its views; the first is the reference);",
            "  views may be written S/000. Without --views every projection is registered alone; with --relative alone, the",
            "  file's cases are used. Relative view geometry: from the stored ground-truth poses of a case's views (DeepFluoro's",
            "  protocol), or from --relative FILE (the JSON written by 'crossview simulate', or a cases CSV). The absolute",
            "  ground truth is used for nothing else, except by the study start --init perturb:DEG,MM (the true pose moved by",
            "  DEG degrees about a random axis through the CT's isocentre and MM mm in a random direction; for studies only).",
            "  The start is chosen by image loss alone among candidates: --init auto (default) = the coarse model's per-view",
            "  predictions, their consensus, and the nominal C-arm pose of every view (its carm_angle_deg from the --relative",
            "  JSON when given, else AP; turned 180° for views stored upside down); --init coarse = the coarse ones only;",
            "  --init ap = the nominal ones only (no network). Without --model, auto and coarse train a patient-specific model",
            "  first (OUT-stem.model.zip; reused by a later run whose training settings match, OUT-stem.model.settings.jsonl), its",
            "  training views spread over the C-arm angles of the --relative JSON when it gives them (else about AP).",
            "  --search on (default): a multi-start search at the coarsest level around the best",
            "  candidates (C-arm-axis, tilt, in-plane and 180° turns; depth and in-plane shifts); off: the best plain candidate.",
            "  Each case gets a verdict (converged/suspect: worst view's similarity, disagreement of single-view optimisations);",
            "  a suspect case is refined again from the next distinct start, up to --retries times (the lowest final loss is kept).",
            "  poses.csv holds one row per projection: specimen, projection, the estimated cam-to-pelvis-vol m00..m33 (row-major),",
            "  the case, its views, the case's start and refinement seconds, its start label, attempts, search seconds and",
            "  verdict with its numbers; it is written when every case is done. Each finished case is kept in OUT.journal.jsonl:",
            "  after a stop (Ctrl-C, a crash) the same command continues with the cases left, and its poses.csv is the one an",
            "  uninterrupted run writes (each case depends only on the seed and its views); other settings are refused, naming",
            "  what differs, unless --restart drops the journal. The journal is removed once poses.csv is written. Then:",
            "  crossview evaluate --data F.h5 --poses poses.csv");

    @Override
    public String name() {
        return "register";
    }

    @Override
    public String summary() {
        return "register a DeepFluoro file's X-rays: coarse network then multi-view refinement (poses.csv)";
    }

    @Override
    public int run(String[] args) throws Exception {
        FileRegistration.Options d = FileRegistration.Options.defaults();
        Path data = null, out = null, model = null, relative = null, ctFile = null;
        String specimen = null, similarity = d.similarity(), backend = d.backend(), trainNet = CoarseRun.Options.DEFAULT_NET, domainRand = DomainRandomisation.DEFAULT;
        List<String> viewLists = new ArrayList<>();
        int size = d.size(), levels = d.levels(), maxIterations = d.maxIterationsPerLevel(), threads = 1, trainSteps = CoarseRun.Options.DEFAULT_STEPS, trainSize = 64;
        double stepMm = d.stepMm();
        long seed = d.seed();
        boolean truncation = d.truncationMask(), bone = d.boneMask(), overlays = true, restart = false;
        String init = "auto";
        FileRegistration.Start start = d.start();
        boolean search = d.search() != null;
        int retries = d.retries();
        InitialError perturbation = null;
        DeepFluoroGeometry.PoseShift shift = DeepFluoroGeometry.PoseShift.NONE;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--data" -> data = Path.of(Options.value(args, ++i, a));
                case "--ct" -> ctFile = Path.of(Options.value(args, ++i, a));
                case "--specimen" -> specimen = Options.value(args, ++i, a);
                case "--views" -> viewLists.add(Options.value(args, ++i, a));
                case "--relative" -> relative = Path.of(Options.value(args, ++i, a));
                case "--model" -> model = Path.of(Options.value(args, ++i, a));
                case "--out" -> out = Path.of(Options.value(args, ++i, a));
                case "--init" -> {
                    String v = Options.value(args, ++i, a);
                    init = v;
                    if (v.equals("auto")) {
                        start = FileRegistration.Start.AUTO;
                    } else if (v.equals("coarse")) {
                        start = FileRegistration.Start.COARSE;
                    } else if (v.equals("ap")) {
                        start = FileRegistration.Start.AP;
                    } else if (v.startsWith("perturb:")) {
                        String[] p = v.substring("perturb:".length()).split(",");
                        if (p.length != 2) throw new IllegalArgumentException("--init: expected perturb:DEG,MM, got '" + v + "'");
                        double deg = Options.finite(p[0], a), mm = Options.finite(p[1], a);
                        if (deg < 0 || mm < 0) throw new IllegalArgumentException("--init: error sizes must be ≥ 0, got '" + v + "'");
                        start = FileRegistration.Start.PERTURBED_TRUTH;
                        perturbation = new InitialError(deg, mm);
                    } else {
                        throw new IllegalArgumentException("--init: expected auto, coarse, ap or perturb:DEG,MM, got '" + v + "'");
                    }
                }
                case "--search" -> {
                    String v = Options.value(args, ++i, a);
                    search = switch (v) {
                        case "on" -> true;
                        case "off" -> false;
                        default -> throw new IllegalArgumentException("--search: expected on or off, got '" + v + "'");
                    };
                }
                case "--retries" -> {
                    String v = Options.value(args, ++i, a);
                    try {
                        retries = Integer.parseInt(v.trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--retries: expected an integer ≥ 0, got '" + v + "'");
                    }
                    if (retries < 0) throw new IllegalArgumentException("--retries: expected an integer ≥ 0, got '" + v + "'");
                }
                case "--seed" -> {
                    String v = Options.value(args, ++i, a);
                    try {
                        seed = Long.parseLong(v.trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed: expected an integer, got '" + v + "'");
                    }
                }
                case "--size" -> size = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--levels" -> levels = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--similarity" -> similarity = Options.value(args, ++i, a);
                case "--max-iterations" -> maxIterations = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--step-mm" -> stepMm = Options.positive(Options.value(args, ++i, a), a);
                case "--backend" -> backend = Options.value(args, ++i, a);
                case "--no-truncation-mask" -> truncation = false;
                case "--bone-mask" -> bone = true;
                case "--no-overlays" -> overlays = false;
                case "--restart" -> restart = true;
                case "--pose-shift" -> shift = DeepFluoroGeometry.PoseShift.parse(Options.value(args, ++i, a), a);
                case "--train-steps" -> trainSteps = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--train-size" -> trainSize = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--train-net" -> trainNet = Options.value(args, ++i, a);
                case "--domain-rand" -> domainRand = DomainRandomisation.parse(Options.value(args, ++i, a)).spec();
                case "--nd4j-threads" -> threads = Options.positiveInt(Options.value(args, ++i, a), a);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        if (data == null || out == null) throw new IllegalArgumentException("--data and --out are required\n" + USAGE);
        Options.requireFileIfGiven(data, "--data");
        Options.requireFileIfGiven(ctFile, "--ct");
        Options.requireWritableOutput(out, "--out");
        boolean needsModel = start == FileRegistration.Start.COARSE || start == FileRegistration.Start.AUTO;
        if (model != null && !needsModel) {
            throw new IllegalArgumentException("--model: only used by --init auto or coarse (the start is " + start.name().toLowerCase() + ")");
        }
        FileRegistration.Options options = new FileRegistration.Options(size, levels, similarity, maxIterations, stepMm, backend, truncation, bone,
                start, perturbation, seed, search ? d.search() : null, retries);
        PrintStream log = System.err;
        // Everything that changes a case's rows; a journal written with other values is refused before any work.
        Map<String, Double> carmAngles = relative == null ? Map.of() : CarmAngles.read(relative);
        Map<String, String> training = new LinkedHashMap<>();
        training.put("--data", Resume.fileSetting(data));
        training.put("--specimen", specimen == null ? "(not given)" : specimen);
        training.put("--ct", Resume.fileSetting(ctFile));
        training.put("--seed", Long.toString(seed));
        training.put("--backend", backend);
        training.put("--pose-shift", shift.name());
        training.put("--train-steps", Integer.toString(trainSteps));
        training.put("--train-size", Integer.toString(trainSize));
        training.put("--train-net", trainNet);
        training.put("--domain-rand", domainRand);
        training.put("training poses", CoarseRun.Options.tutorial().forCarmAnglesDeg(carmAngles).sampling());
        Map<String, String> settings = new LinkedHashMap<>(training);
        if (!needsModel || model != null) {
            for (String k : List.of("--train-steps", "--train-size", "--train-net", "--domain-rand", "training poses")) settings.remove(k);
        }
        if (needsModel && model != null) settings.put("--model", Resume.fileSetting(model));
        settings.put("--views", String.join(" ", viewLists));
        settings.put("--relative", Resume.fileSetting(relative));
        settings.put("--init", init);
        settings.put("--search", search ? "on" : "off");
        settings.put("--retries", Integer.toString(retries));
        settings.put("--size", Integer.toString(size));
        settings.put("--levels", Integer.toString(levels));
        settings.put("--similarity", similarity);
        settings.put("--max-iterations", Integer.toString(maxIterations));
        settings.put("--step-mm", Double.toString(stepMm));
        settings.put("--no-truncation-mask", Boolean.toString(!truncation));
        settings.put("--bone-mask", Boolean.toString(bone));
        settings.put("poses.csv columns", PosesCsv.header());
        Journal journal = Resume.open(name(), out, settings, restart, log);
        Nd4jThreads.limit(threads);
        CoarseModel coarse = null;
        if (needsModel && model != null) coarse = loadModel(model);

        List<String> lines = new ArrayList<>();
        try (Resume.Interrupt stop = new Resume.Interrupt(name(), args, journal, log); DeepFluoroFile f = DeepFluoroFile.open(data, shift)) {
            DeepFluoroSpecimen s = f.specimen(chooseSpecimen(f, specimen, viewLists));
            List<FileRegistration.CaseSpec> cases = cases(s, viewLists, relative);
            stop.total(cases.size());
            CtSource ct = ctFile != null ? CtSource.nifti(ctFile, null) : CtSource.deepFluoro(data, s.name());
            if (needsModel && coarse == null) {
                Path modelOut = sibling(out, ".model.zip");
                KeptModel kept = KeptModel.check(modelOut, sibling(out, ".model.settings.jsonl"), training, log);
                if (!kept.reusable()) {
                    log.printf("register: no --model: training the patient-specific coarse model (%d steps, %d², net %s, domain randomisation %s) → %s%n",
                            trainSteps, trainSize, trainNet, domainRand, modelOut);
                    CoarseRun.Options t = CoarseRun.Options.tutorial();
                    CoarseRun.Options o = t.toBuilder().steps(trainSteps).inputSize(trainSize).seed(seed).net(trainNet)
                            .domainRand(domainRand).backend(backend).logEvery(Math.max(1, Math.min(t.logEvery(), trainSteps / 20)))
                            .fresh(kept.fresh()).evaluation(0, t.evalSize()).build().forCarmAnglesDeg(carmAngles);
                    CoarseRun.run(ct, o, modelOut, log);
                    kept.trained(modelOut);
                }
                coarse = loadModel(modelOut);
            }
            if (coarse != null) log.println("register: " + coarse.describe());
            try (FileRegistration reg = new FileRegistration(f, s, ct, coarse, options).withCarmAnglesDeg(carmAngles)) {
                log.printf("register: %s, %d case(s), start %s (search %s, %d retr%s; C-arm angles for %d projections), %d² top level, %d levels, %s, renderer %s%n",
                        s.name(), cases.size(), start.name().toLowerCase(), search ? "on" : "off", retries, retries == 1 ? "y" : "ies",
                        carmAngles.size(), size, levels, similarity, reg.describeRenderer());
                long t0 = System.nanoTime();
                int ran = 0;
                for (int c = 0; c < cases.size(); c++) {
                    FileRegistration.CaseSpec spec = cases.get(c);
                    String key = "case " + c + " " + spec.name();
                    Journal.Entry kept = journal.get(key);
                    if (kept != null) {
                        lines.addAll(kept.values());
                        log.printf("register: [%d/%d] %s: kept from %s%n", c + 1, cases.size(), spec.name(), journal.file());
                        continue;
                    }
                    FileRegistration.Outcome o = reg.register(spec);
                    List<String> caseLines = new ArrayList<>();
                    for (int v = 0; v < spec.projections().size(); v++) {
                        caseLines.add(PosesCsv.line(new PosesCsv.Row(s.name(), spec.projections().get(v), o.camToPelvisVol().get(v), c, spec.projections(),
                                o.coarseSeconds(), o.refineSeconds(), o.startLabel(), o.attempts(), o.searchSeconds(), o.verdict())));
                    }
                    journal.append(key, caseLines);
                    lines.addAll(caseLines);
                    ran++;
                    double elapsed = (System.nanoTime() - t0) / 1e9;
                    int left = cases.size() - c - 1;
                    log.printf("register: [%d/%d] %s (%s): start '%s' %.1f s (search %.1f s, %d coarsest-level evaluations), refine %.1f s,"
                            + " %d attempt(s), %d iterations, loss %.4f  [%.0f s elapsed, ~%.0f s left]%n",
                            c + 1, cases.size(), spec.name(), String.join(",", spec.projections()), o.startLabel(), o.coarseSeconds(), o.searchSeconds(),
                            o.searchEvaluations(), o.refineSeconds(), o.attempts(), o.refinement().iterations(), o.refinement().finalLoss(),
                            elapsed, elapsed / ran * left);
                    if (!o.coarseOutsideTraining().isEmpty()) {
                        log.printf("register:        coarse predictions outside the training poses, not used as starts: %s%n",
                                String.join(", ", o.coarseOutsideTraining()));
                    }
                    log.printf("register:        verdict %s%n", o.verdict().describe());
                }
            }
        }
        PosesCsv.writeLines(out, lines);
        journal.delete();
        log.println("register: wrote " + out + " (" + lines.size() + " rows); score it with: crossview evaluate --data " + data + " --poses " + out);
        if (overlays) {
            // The look at the result that needs no ground truth: X-ray beside the CT rendered at each estimate.
            return new OverlayCommand().run(new String[] {"--data", data.toString(), "--poses", out.toString(), "--backend", backend,
                "--pose-shift", shift == DeepFluoroGeometry.PoseShift.NONE ? "none" : "minus-half-mm"});
        }
        return 0;
    }

    /**
     * Whether the patient-specific coarse model at {@code modelOut} was trained by an earlier run with the same
     * settings ({@code record} holds them, and "trained" once it finished), so that it is reused; says which and why.
     * {@code fresh}: the settings differ, so a training checkpoint there belongs to others and is not resumed.
     */
    private record KeptModel(Journal record, boolean reusable, boolean fresh) {
        static KeptModel check(Path modelOut, Path recordFile, Map<String, String> training, PrintStream log) throws IOException {
            try {
                Journal record = Journal.open(recordFile, training, false, log);
                boolean reusable = record.get("trained") != null && Files.isRegularFile(modelOut);
                if (reusable) {
                    log.printf("register: reusing the coarse model %s, trained by an earlier run with the same settings (%s); delete it to train again%n",
                            modelOut, recordFile);
                }
                return new KeptModel(record, reusable, false);
            } catch (Journal.SettingsMismatch e) {
                log.printf("register: training the coarse model again: %s was trained with other settings (%s)%n", modelOut, String.join("; ", e.differences()));
                return new KeptModel(Journal.open(recordFile, training, true, log), false, true);
            }
        }

        void trained(Path modelOut) throws IOException {
            record.append("trained", List.of(Resume.fileSetting(modelOut)));
        }
    }

    private static CoarseModel loadModel(Path model) {
        Options.requireFileIfGiven(model, "--model");
        try {
            return CoarseModel.load(model);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--model " + model + ": cannot read the coarse model (" + e.getMessage() + ")", e);
        }
    }

    /** --specimen, else the one named by qualified views (S/000), else the file's only specimen. */
    static String chooseSpecimen(DeepFluoroFile f, String specimen, List<String> viewLists) {
        Set<String> named = new HashSet<>();
        for (String list : viewLists) {
            for (String v : list.split(",")) {
                int slash = v.lastIndexOf('/');
                if (slash >= 0) named.add(v.substring(0, slash).trim());
            }
        }
        if (specimen != null) named.add(specimen);
        if (named.size() > 1) throw new IllegalArgumentException("--views: views of different specimens " + named + " cannot form a case");
        String name = named.isEmpty() ? null : named.iterator().next();
        if (name == null) {
            if (f.specimenNames().size() != 1) {
                throw new IllegalArgumentException("--specimen: required, " + f.path() + " holds " + f.specimenNames().size() + " specimens " + f.specimenNames());
            }
            return f.specimenNames().get(0);
        }
        if (!f.specimenNames().contains(name)) throw new IllegalArgumentException("--specimen: " + f.path() + " has no specimen '" + name + "' (has " + f.specimenNames() + ")");
        return name;
    }

    /** The cases to register (see the usage text). */
    static List<FileRegistration.CaseSpec> cases(DeepFluoroSpecimen s, List<String> viewLists, Path relative) throws IOException {
        List<MultiViewCase> fromFile = null;
        if (relative != null) {
            Options.requireFileIfGiven(relative, "--relative");
            fromFile = new ArrayList<>();
            for (MultiViewCase c : MultiViewCases.read(relative)) {
                if (c.specimen() == null || c.specimen().isEmpty() || c.specimen().equals(s.name())) fromFile.add(c);
            }
            if (fromFile.isEmpty()) throw new IllegalArgumentException("--relative " + relative + ": no case of specimen " + s.name());
        }
        List<FileRegistration.CaseSpec> out = new ArrayList<>();
        if (viewLists.isEmpty()) {
            if (fromFile != null) {
                for (MultiViewCase c : fromFile) {
                    for (String id : c.projections()) requireProjection(s, id, "--relative " + relative + ": case " + c.name());
                    out.add(FileRegistration.CaseSpec.of(c));
                }
            } else {
                for (String id : s.projectionIds()) out.add(new FileRegistration.CaseSpec(id, List.of(id), List.of(Rigid.identity())));
            }
            return out;
        }
        for (String list : viewLists) {
            List<String> ids = parseViews(s, list);
            String name = String.join("+", ids);
            if (fromFile == null) {
                out.add(FileRegistration.CaseSpec.of(MultiViewCase.fromStoredPoses(name, s, ids)));
            } else {
                out.add(fromRelativeFile(name, ids, fromFile, relative));
            }
        }
        return out;
    }

    private static List<String> parseViews(DeepFluoroSpecimen s, String list) {
        List<String> ids = new ArrayList<>();
        for (String v : list.split(",")) {
            String id = v.trim();
            int slash = id.lastIndexOf('/');
            if (slash >= 0) id = id.substring(slash + 1).trim();
            if (id.isEmpty()) throw new IllegalArgumentException("--views " + list + ": empty projection name");
            if (ids.contains(id)) throw new IllegalArgumentException("--views " + list + ": projection " + id + " is listed twice");
            requireProjection(s, id, "--views " + list);
            ids.add(id);
        }
        return ids;
    }

    private static void requireProjection(DeepFluoroSpecimen s, String id, String where) {
        if (!s.projectionIds().contains(id)) {
            List<String> all = s.projectionIds();
            String have = all.isEmpty() ? "none" : all.size() <= 12 ? all.toString() : all.get(0) + " … " + all.get(all.size() - 1) + " (" + all.size() + ")";
            throw new IllegalArgumentException(where + ": specimen " + s.name() + " has no projection '" + id + "' (has " + have + ")");
        }
    }

    /** The views of a --views list from a case of the relative file that holds them all; the list's first view is the reference. */
    private static FileRegistration.CaseSpec fromRelativeFile(String name, List<String> ids, List<MultiViewCase> cases, Path file) {
        for (MultiViewCase c : cases) {
            if (!c.projections().containsAll(ids)) continue;
            // c stores X_v = T_v·X_0; the camera of view a seen from the list's reference r: cam_r ← cam_a = T_r·T_a⁻¹.
            Rigid tRef = c.camFromRefCam().get(c.projections().indexOf(ids.get(0)));
            List<Rigid> refFromCam = new ArrayList<>();
            for (String id : ids) refFromCam.add(tRef.compose(c.camFromRefCam().get(c.projections().indexOf(id)).inverse()));
            return new FileRegistration.CaseSpec(name, ids, refFromCam);
        }
        throw new IllegalArgumentException("--relative " + file + ": no case holds all of " + ids + " (their relative transforms are unknown)");
    }

    static Path sibling(Path out, String suffix) {
        String n = out.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String stem = dot > 0 ? n.substring(0, dot) : n;
        return out.resolveSibling(stem + suffix);
    }
}

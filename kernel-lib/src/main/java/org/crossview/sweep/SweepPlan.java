package org.crossview.sweep;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sweep plan (JSON): one {@code crossview} command, its fixed arguments, the axes whose product gives the tasks,
 * the output root, each task's resources and what {@code collect} tabulates. In strings, {@code ${ENV}} and
 * {@code ${ENV:-default}} are environment variables, {@code {name}} a plan variable ({@code vars}, overridable with
 * {@code --set name=value}), an axis value or {@code {out}} (the task's folder). Relative paths are relative to
 * {@code workdir} (the folder the sweep is started from).
 */
public record SweepPlan(String name, String command, List<String> args, List<Axis> axes, Map<String, String> vars, Path output, Path workdir,
        Resources resources, Collect collect, JsonObject json) {

    /** One axis: its name (the placeholder {@code {name}}) and its values in order. */
    public record Axis(String name, List<Value> values) {}

    /** One value of an axis: its label (file-name-safe form used in task ids) and arguments added to the task's command. */
    public record Value(String label, List<String> args) {}

    /** What one task needs from a machine (the local executor's bound and the sbatch header). */
    public record Resources(int cpus, int memoryMb, int gpus, int timeMinutes) {
        public String describe() {
            return String.format("%d CPU%s, %d MB, %d GPU%s, %d min", cpus, cpus == 1 ? "" : "s", memoryMb, gpus, gpus == 1 ? "" : "s", timeMinutes);
        }
    }

    /**
     * What collect reads: {@code file} in each task's folder (a CSV with one row per scored view), the value columns
     * (the first one is tested pairwise), the column that groups views into cases (the pairing unit), and which axes
     * are the table's rows, its groups and its replicates.
     */
    public record Collect(String file, List<String> values, String reference, String pairBy, String rows, String groups, String replicates) {}

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** Reads a plan; {@code overrides} replace its {@code vars} (command line {@code --set}), {@code outputOverride} its output root. */
    public static SweepPlan read(Path file, Map<String, String> overrides, Path outputOverride) throws IOException {
        return read(file, overrides, outputOverride, null);
    }

    /** As {@link #read(Path, Map, Path)}, relative paths taken from {@code workdir} (null: the plan's own, else the current folder). */
    public static SweepPlan read(Path file, Map<String, String> overrides, Path outputOverride, Path workdir) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("plan: no such file " + file);
        JsonObject o;
        try {
            JsonElement e = new JsonParser().parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) throw new IllegalArgumentException("plan " + file + ": expected a JSON object");
            o = e.getAsJsonObject();
            if (workdir != null) o.addProperty("workdir", workdir.toAbsolutePath().toString());
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("plan " + file + ": not valid JSON: " + e.getMessage());
        }
        return parse(o, file.toString(), overrides, outputOverride);
    }

    /** Parses a plan object ({@code where} names it in errors). */
    public static SweepPlan parse(JsonObject o, String where, Map<String, String> overrides, Path outputOverride) {
        JsonObject plan = new JsonParser().parse(o.toString()).getAsJsonObject();
        String name = string(plan, "name", where, "sweep");
        String command = string(plan, "command", where, null);
        if (command == null || command.isBlank()) throw new IllegalArgumentException("plan " + where + ": field 'command' is required (e.g. \"transfer-ablation\")");
        if (command.equals("sweep")) throw new IllegalArgumentException("plan " + where + ": field 'command': a sweep cannot run sweeps");
        Map<String, String> vars = new LinkedHashMap<>();
        if (plan.has("vars")) {
            if (!plan.get("vars").isJsonObject()) throw new IllegalArgumentException("plan " + where + ": field 'vars' must be an object");
            for (var e : plan.getAsJsonObject("vars").entrySet()) vars.put(e.getKey(), env(e.getValue().getAsString(), where + " vars." + e.getKey()));
        }
        for (var e : overrides.entrySet()) {
            if (!vars.containsKey(e.getKey())) throw new IllegalArgumentException("--set " + e.getKey() + ": the plan has no variable '" + e.getKey() + "' (it has " + vars.keySet() + ")");
            vars.put(e.getKey(), e.getValue());
        }
        JsonObject savedVars = new JsonObject();
        vars.forEach(savedVars::addProperty);
        plan.add("vars", savedVars);

        Path workdir = Path.of(string(plan, "workdir", where, Path.of("").toAbsolutePath().toString())).toAbsolutePath().normalize();
        plan.addProperty("workdir", workdir.toString());
        String out = outputOverride != null ? outputOverride.toString() : string(plan, "output", where, null);
        if (out == null) throw new IllegalArgumentException("plan " + where + ": field 'output' (the output root) is required");
        Path output = workdir.resolve(substitute(env(out, where + " output"), vars, where + " output")).normalize();
        plan.addProperty("output", output.toString());

        List<String> args = strings(plan, "args", where);
        List<Axis> axes = new ArrayList<>();
        if (!plan.has("axes") || !plan.get("axes").isJsonObject()) throw new IllegalArgumentException("plan " + where + ": field 'axes' (an object of axis → values) is required");
        for (var e : plan.getAsJsonObject("axes").entrySet()) axes.add(axis(e.getKey(), e.getValue(), where));
        if (axes.isEmpty()) throw new IllegalArgumentException("plan " + where + ": 'axes' is empty");

        JsonObject r = plan.has("resources") ? plan.getAsJsonObject("resources") : new JsonObject();
        Resources res = new Resources(positive(r, "cpus", 1, where), positive(r, "memory_mb", 2048, where), nonNegative(r, "gpus", 0, where),
                positive(r, "time_min", 60, where));
        JsonObject c = plan.has("collect") ? plan.getAsJsonObject("collect") : new JsonObject();
        Collect collect = new Collect(string(c, "file", where + " collect", "table.views.csv"),
                c.has("values") ? strings(c, "values", where + " collect") : List.of("coarse_mm", "consensus_mm"),
                string(c, "reference", where + " collect", "nominal_mm"), string(c, "pair_by", where + " collect", "case"),
                string(c, "rows", where + " collect", "variant"), string(c, "groups", where + " collect", "specimen"),
                string(c, "replicates", where + " collect", "seed"));
        SweepPlan p = new SweepPlan(name, command, args, axes, vars, output, workdir, res, collect, plan);
        p.tasks(); // every placeholder resolves: fail now, not in task 57
        return p;
    }

    /** The tasks: the product of the axes, the first axis varying slowest. */
    public List<SweepTask> tasks() {
        List<SweepTask> out = new ArrayList<>();
        int n = 1;
        for (Axis a : axes) n *= a.values().size();
        for (int index = 0; index < n; index++) {
            Map<String, String> labels = new LinkedHashMap<>();
            List<String> extra = new ArrayList<>();
            int rest = index;
            int[] pick = new int[axes.size()];
            for (int k = axes.size() - 1; k >= 0; k--) {
                int size = axes.get(k).values().size();
                pick[k] = rest % size;
                rest /= size;
            }
            StringBuilder id = new StringBuilder();
            for (int k = 0; k < axes.size(); k++) {
                Value v = axes.get(k).values().get(pick[k]);
                labels.put(axes.get(k).name(), v.label());
                extra.addAll(v.args());
                if (id.length() > 0) id.append("__");
                id.append(slug(axes.get(k).name())).append('-').append(slug(v.label()));
            }
            Path dir = output.resolve("tasks").resolve(id.toString());
            Map<String, String> values = new LinkedHashMap<>(vars);
            values.putAll(labels);
            values.put("out", dir.toString());
            List<String> cmd = new ArrayList<>();
            cmd.add(command);
            for (String a : args) cmd.add(substitute(env(a, name), values, "args"));
            for (String a : extra) cmd.add(substitute(env(a, name), values, "axis values"));
            out.add(new SweepTask(index, id.toString(), labels, dir, cmd));
        }
        return out;
    }

    /**
     * Fails naming the variable when a file the plan lists under {@code require_files} (e.g. {@code "{data}"}) is
     * missing: before any task starts, not in each task's log.
     */
    public void checkInputs() {
        for (String f : strings(json, "require_files", name)) {
            Path p = workdir.resolve(substitute(env(f, name), vars, "require_files"));
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("plan " + name + ": required file " + f + " = " + p + " does not exist (set it with --set NAME=PATH; variables: "
                        + vars + ")");
            }
        }
    }

    /** The plan as resolved (variables, output root and workdir filled in): what the Slurm tasks read back. */
    public String resolvedJson() {
        Gson g = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        return g.toJson(json);
    }

    /** The file the resolved plan is kept in, under the output root. */
    public Path resolvedFile() {
        return output.resolve("sweep-plan.json");
    }

    public Axis axis(String name) {
        return axes.stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }

    static String slug(String s) {
        String t = s.trim().replaceAll("[^A-Za-z0-9.+-]+", "-").replaceAll("^-+|-+$", "");
        return t.isEmpty() ? "x" : t;
    }

    private static Axis axis(String name, JsonElement e, String where) {
        if (!e.isJsonArray() || e.getAsJsonArray().size() == 0) throw new IllegalArgumentException("plan " + where + ": axis '" + name + "' must be a non-empty array");
        List<Value> values = new ArrayList<>();
        for (JsonElement v : e.getAsJsonArray()) {
            if (v.isJsonPrimitive()) {
                values.add(new Value(v.getAsString(), List.of()));
            } else if (v.isJsonObject() && v.getAsJsonObject().has("name")) {
                values.add(new Value(v.getAsJsonObject().get("name").getAsString(), strings(v.getAsJsonObject(), "args", where + " axis " + name)));
            } else {
                throw new IllegalArgumentException("plan " + where + ": axis '" + name + "': each value is a string/number or {\"name\": …, \"args\": […]}, got " + v);
            }
        }
        long distinct = values.stream().map(v -> slug(v.label())).distinct().count();
        if (distinct != values.size()) throw new IllegalArgumentException("plan " + where + ": axis '" + name + "': two values have the same name");
        return new Axis(name, values);
    }

    /** {@code ${ENV}} / {@code ${ENV:-default}} from the environment; an unset variable without a default is an error. */
    static String env(String s, String where) {
        Matcher m = ENV.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = System.getenv(m.group(1));
            if ((v == null || v.isEmpty()) && m.group(1).equals("CROSSVIEW_HOME")) v = System.getProperty("crossview.home");
            if (v == null || v.isEmpty()) v = m.group(2);
            if (v == null) throw new IllegalArgumentException("plan " + where + ": environment variable " + m.group(1) + " is not set (and has no ${" + m.group(1) + ":-default})");
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }

    static String substitute(String s, Map<String, String> values, String where) {
        Matcher m = PLACEHOLDER.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) throw new IllegalArgumentException("plan " + where + ": unknown placeholder {" + m.group(1) + "} in '" + s + "' (known: " + values.keySet() + ")");
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static String string(JsonObject o, String field, String where, String dflt) {
        if (!o.has(field) || o.get(field).isJsonNull()) return dflt;
        JsonElement e = o.get(field);
        if (!e.isJsonPrimitive()) throw new IllegalArgumentException("plan " + where + ": field '" + field + "' must be a string");
        return e.getAsString();
    }

    private static List<String> strings(JsonObject o, String field, String where) {
        List<String> out = new ArrayList<>();
        if (!o.has(field)) return out;
        if (!o.get(field).isJsonArray()) throw new IllegalArgumentException("plan " + where + ": field '" + field + "' must be an array of strings");
        JsonArray a = o.getAsJsonArray(field);
        for (JsonElement e : a) {
            if (!e.isJsonPrimitive()) throw new IllegalArgumentException("plan " + where + ": field '" + field + "': expected strings, got " + e);
            out.add(e.getAsString());
        }
        return out;
    }

    private static int nonNegative(JsonObject o, String field, int dflt, String where) {
        if (!o.has(field)) return dflt;
        JsonElement e = o.get(field);
        if (!(e instanceof JsonPrimitive p) || !p.isNumber() || p.getAsDouble() != Math.rint(p.getAsDouble()) || p.getAsInt() < 0) {
            throw new IllegalArgumentException("plan " + where + ": resources." + field + " must be a whole number ≥ 0, got " + e);
        }
        return p.getAsInt();
    }

    private static int positive(JsonObject o, String field, int dflt, String where) {
        int v = nonNegative(o, field, dflt, where);
        if (v < 1) throw new IllegalArgumentException("plan " + where + ": resources." + field + " must be ≥ 1");
        return v;
    }
}

package org.crossview.data;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crossview.geometry.Rigid;

/**
 * Choosing multi-view cases from a specimen's projections, and reading/writing the relative transforms.
 *
 * <p><b>JSON</b> (the sidecar format of {@code head_sample.json} and of {@code crossview simulate}):
 * <pre>
 * {"specimen": "17-1882",                     (optional; a case may also name its own)
 *  "cases": [{"case": 0, "projections": ["000", "001", "002"],
 *             "relative": [{"from": "000", "to": "001", "cam_b_from_cam_a": [[4 rows of 4]]}, ...]}]}
 * </pre>
 * {@code cam_b_from_cam_a} maps camera frame a to camera frame b (X_cam_b = T·X_cam_a). The entries must
 * connect every view of a case to its first one (directly or through other views; either direction).
 *
 * <p><b>CSV</b>: a header line then one line per view,
 * {@code case,specimen,projection,m00,m01,m02,m03,m10,m11,m12,m13,m20,m21,m22,m23}: the top 3×4 rows of
 * camFromRefCam (view ← reference camera), row-major, mm; the first line of each case is its reference (identity).
 */
public final class MultiViewCases {
    private MultiViewCases() {}

    /**
     * Groups of {@code viewsPerCase} projections of one specimen whose pairwise rotation lies in [minDeg, maxDeg]
     * (C-arm views of 15–45° apart in the paper's setting; unverified). Greedy from a seeded shuffle; each
     * projection is used at most once; returns as many cases as it finds (at most {@code maxCases}, 0 = all).
     */
    public static List<MultiViewCase> byAngle(DeepFluoroSpecimen s, int viewsPerCase, double minDeg, double maxDeg, int maxCases, long seed) {
        if (viewsPerCase < 1) throw new IllegalArgumentException("viewsPerCase: must be ≥ 1, got " + viewsPerCase);
        List<String> ids = new ArrayList<>(s.projectionIds());
        Map<String, Rigid> pose = new HashMap<>();
        for (String id : ids) pose.put(id, s.projection(id).camToPelvisVol());
        Collections.shuffle(ids, new Random(seed));
        List<String> unused = new ArrayList<>(ids);
        List<MultiViewCase> out = new ArrayList<>();
        while (!unused.isEmpty() && (maxCases <= 0 || out.size() < maxCases)) {
            String first = unused.remove(0);
            List<String> group = new ArrayList<>(List.of(first));
            for (String cand : new ArrayList<>(unused)) {
                if (group.size() == viewsPerCase) break;
                boolean ok = true;
                for (String g : group) {
                    double deg = Math.toDegrees(DeepFluoroGeometry.worldBFromWorldA(pose.get(g), pose.get(cand)).angleRad());
                    ok &= deg >= minDeg && deg <= maxDeg;
                }
                if (ok) group.add(cand);
            }
            if (group.size() == viewsPerCase) {
                unused.removeAll(group);
                group.sort(DeepFluoroSpecimen::naturalOrder);
                out.add(MultiViewCase.fromStoredPoses(s.name() + "/case" + out.size(), s, group));
            }
        }
        return out;
    }

    /** Consecutive projections in groups of {@code viewsPerCase} (a remainder is dropped). */
    public static List<MultiViewCase> consecutive(DeepFluoroSpecimen s, int viewsPerCase) {
        List<String> ids = s.projectionIds();
        List<MultiViewCase> out = new ArrayList<>();
        for (int i = 0; i + viewsPerCase <= ids.size(); i += viewsPerCase) {
            out.add(MultiViewCase.fromStoredPoses(s.name() + "/case" + out.size(), s, ids.subList(i, i + viewsPerCase)));
        }
        return out;
    }

    /** Reads a user file: JSON (by extension .json or a leading '{') or CSV. */
    public static List<MultiViewCase> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (file.toString().toLowerCase().endsWith(".json") || text.stripLeading().startsWith("{")) return readJson(file, text);
        return readCsv(file, text);
    }

    private static List<MultiViewCase> readJson(Path file, String text) {
        JsonObject root;
        try {
            root = new JsonParser().parse(text).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(file + ": not a JSON object: " + e.getMessage(), e);
        }
        String specimen = root.has("specimen") ? root.get("specimen").getAsString() : "";
        if (!root.has("cases") || !root.get("cases").isJsonArray()) throw new IllegalArgumentException(file + ": missing array \"cases\"");
        List<MultiViewCase> out = new ArrayList<>();
        int index = 0;
        for (JsonElement ce : root.getAsJsonArray("cases")) {
            String where = file + ": cases[" + index++ + "]";
            JsonObject c = ce.getAsJsonObject();
            String name = c.has("case") ? c.get("case").getAsString() : Integer.toString(index - 1);
            String sp = c.has("specimen") ? c.get("specimen").getAsString() : specimen;
            List<String> ids = new ArrayList<>();
            if (!c.has("projections")) throw new IllegalArgumentException(where + ": missing \"projections\"");
            for (JsonElement p : c.getAsJsonArray("projections")) ids.add(p.getAsString());
            Map<String, Map<String, Rigid>> edges = new HashMap<>(); // a → (b → camBFromCamA)
            if (c.has("relative")) {
                int k = 0;
                for (JsonElement re : c.getAsJsonArray("relative")) {
                    JsonObject r = re.getAsJsonObject();
                    String at = where + ".relative[" + k++ + "]";
                    if (!r.has("from") || !r.has("to") || !r.has("cam_b_from_cam_a")) throw new IllegalArgumentException(at + ": needs from, to, cam_b_from_cam_a");
                    Rigid t = rigid(at + ".cam_b_from_cam_a", r.getAsJsonArray("cam_b_from_cam_a"));
                    String a = r.get("from").getAsString(), b = r.get("to").getAsString();
                    edges.computeIfAbsent(a, x -> new HashMap<>()).put(b, t);
                    edges.computeIfAbsent(b, x -> new HashMap<>()).put(a, t.inverse());
                }
            }
            out.add(new MultiViewCase(name, sp, ids, fromReference(where, ids, edges)));
        }
        return out;
    }

    /** Breadth-first from the reference view, composing relative transforms into camFromRefCam. */
    private static List<Rigid> fromReference(String where, List<String> ids, Map<String, Map<String, Rigid>> edges) {
        Map<String, Rigid> fromRef = new HashMap<>();
        fromRef.put(ids.get(0), Rigid.identity());
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(ids.get(0)));
        while (!queue.isEmpty()) {
            String a = queue.poll();
            for (Map.Entry<String, Rigid> e : edges.getOrDefault(a, Map.of()).entrySet()) {
                if (!fromRef.containsKey(e.getKey())) {
                    fromRef.put(e.getKey(), e.getValue().compose(fromRef.get(a)));
                    queue.add(e.getKey());
                }
            }
        }
        List<Rigid> out = new ArrayList<>();
        for (String id : ids) {
            Rigid t = fromRef.get(id);
            if (t == null) throw new IllegalArgumentException(where + ": no relative transform connects view " + id + " to the reference view " + ids.get(0));
            out.add(t);
        }
        return out;
    }

    private static Rigid rigid(String where, JsonArray rows) {
        if (rows.size() != 4 && rows.size() != 3) throw new IllegalArgumentException(where + ": expected 3 or 4 rows, got " + rows.size());
        double[] m = new double[rows.size() * 4];
        for (int r = 0; r < rows.size(); r++) {
            JsonArray row = rows.get(r).getAsJsonArray();
            if (row.size() != 4) throw new IllegalArgumentException(where + ": row " + r + " needs 4 values, got " + row.size());
            for (int c = 0; c < 4; c++) m[r * 4 + c] = row.get(c).getAsDouble();
        }
        try {
            return Rigid.ofNearlyRigid(where, m);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": not a rigid transform: " + e.getMessage(), e);
        }
    }

    private static List<MultiViewCase> readCsv(Path file, String text) {
        List<String> lines = text.lines().toList();
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) first++;
        if (first == lines.size()) throw new IllegalArgumentException(file + ": empty");
        String[] header = lines.get(first).split(",", -1);
        if (header.length != 15 || !header[0].trim().equals("case")) {
            throw new IllegalArgumentException(file + ": expected the header case,specimen,projection,m00,...,m23 (15 columns), got " + lines.get(first));
        }
        Map<String, List<String[]>> byCase = new LinkedHashMap<>();
        Map<String[], Integer> lineOf = new java.util.IdentityHashMap<>();
        for (int i = first + 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] f = lines.get(i).split(",", -1);
            if (f.length != 15) throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 15 fields, got " + f.length);
            byCase.computeIfAbsent(f[0].trim(), k -> new ArrayList<>()).add(f);
            lineOf.put(f, i + 1);
        }
        List<MultiViewCase> out = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> e : byCase.entrySet()) {
            List<String> ids = new ArrayList<>();
            List<Rigid> t = new ArrayList<>();
            for (String[] f : e.getValue()) {
                double[] m = new double[12];
                for (int k = 0; k < 12; k++) m[k] = org.crossview.io.CsvField.number(file, lineOf.get(f), header[3 + k].trim(), f[3 + k]);
                ids.add(f[2].trim());
                try {
                    t.add(Rigid.ofNearlyRigid("camFromRefCam", m));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(file + ": case " + e.getKey() + ", projection " + f[2].trim() + ": not a rigid transform: " + ex.getMessage(), ex);
                }
            }
            out.add(new MultiViewCase(e.getKey(), e.getValue().get(0)[1].trim(), ids, t));
        }
        return out;
    }

    /** Writes cases as CSV (the format {@link #read} reads), atomically. */
    public static void writeCsv(Path file, List<MultiViewCase> cases) throws IOException {
        StringBuilder sb = new StringBuilder("case,specimen,projection,m00,m01,m02,m03,m10,m11,m12,m13,m20,m21,m22,m23\n");
        for (MultiViewCase c : cases) {
            for (int v = 0; v < c.size(); v++) {
                sb.append(c.name()).append(',').append(c.specimen()).append(',').append(c.projections().get(v));
                double[] m = c.camFromRefCam().get(v).toArray();
                for (int k = 0; k < 12; k++) sb.append(',').append(m[k]);
                sb.append('\n');
            }
        }
        writeAtomically(file, sb.toString());
    }

    /** Writes a JSON object (pretty-printed) atomically. */
    static void writeJson(Path file, JsonObject root) throws IOException {
        writeAtomically(file, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(root) + "\n");
    }

    static JsonArray json(Rigid t) {
        JsonArray rows = new JsonArray();
        double[] m = t.toArray();
        for (int r = 0; r < 4; r++) {
            JsonArray row = new JsonArray();
            for (int c = 0; c < 4; c++) row.add(m[r * 4 + c]);
            rows.add(row);
        }
        return rows;
    }

    static void writeAtomically(Path file, String text) throws IOException {
        org.crossview.io.AtomicWrite.writeString(file, text);
    }

}

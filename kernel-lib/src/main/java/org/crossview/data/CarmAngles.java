package org.crossview.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The nominal C-arm angle of each projection from a sidecar JSON ({@code crossview simulate}'s, or the shared
 * samples'): {@code "projections": [{"projection": "000", "carm_angle_deg": -27.8, ...}, ...]}, degrees,
 * 0 = source posterior, + = detector towards the patient's left ({@link org.crossview.geometry.CArm}'s LAO sign).
 * Files without angles (a cases CSV, a JSON without them) give an empty map.
 */
public final class CarmAngles {
    private CarmAngles() {}

    public static Map<String, Double> read(Path file) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!text.stripLeading().startsWith("{")) return out;
        JsonObject root;
        try {
            root = new JsonParser().parse(text).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(file + ": not a JSON object: " + e.getMessage(), e);
        }
        if (!root.has("projections") || !root.get("projections").isJsonArray()) return out;
        int k = 0;
        for (JsonElement pe : root.getAsJsonArray("projections")) {
            String where = file + ": projections[" + k++ + "]";
            if (!pe.isJsonObject()) throw new IllegalArgumentException(where + ": expected an object");
            JsonObject p = pe.getAsJsonObject();
            if (!p.has("projection") || !p.has("carm_angle_deg")) continue;
            double deg;
            try {
                deg = p.get("carm_angle_deg").getAsDouble();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(where + ".carm_angle_deg: expected a number, got " + p.get("carm_angle_deg"));
            }
            if (!Double.isFinite(deg)) throw new IllegalArgumentException(where + ".carm_angle_deg: must be finite");
            out.put(p.get("projection").getAsString(), deg);
        }
        return out;
    }
}

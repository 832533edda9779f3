package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chapters read like the method: no code cell of a notebook in {@code notebooks/} is longer than
 * {@value #MAX_LINES} lines (set-up belongs in this package, where it is tested).
 */
class NotebookCellLengthTest {
    static final int MAX_LINES = 20;

    /** The checkout's notebooks folder (tests run in kernel-lib/). */
    static Path notebooks() {
        for (Path p : List.of(Path.of("../notebooks"), Path.of("notebooks"))) if (Files.isDirectory(p)) return p;
        throw new IllegalStateException("no notebooks/ folder above " + Path.of("").toAbsolutePath());
    }

    /** Lines of each code cell that are longer than the limit: "NAME cell I: N lines". */
    static List<String> overLong(Path notebook, int maxLines) throws IOException {
        JsonObject nb = new JsonParser().parse(Files.readString(notebook, StandardCharsets.UTF_8)).getAsJsonObject();
        List<String> out = new ArrayList<>();
        JsonArray cells = nb.getAsJsonArray("cells");
        for (int i = 0; i < cells.size(); i++) {
            JsonObject c = cells.get(i).getAsJsonObject();
            if (!"code".equals(c.get("cell_type").getAsString())) continue;
            StringBuilder src = new StringBuilder();
            JsonElement s = c.get("source");
            if (s.isJsonArray()) for (JsonElement line : s.getAsJsonArray()) src.append(line.getAsString());
            else src.append(s.getAsString());
            String text = src.toString().strip();
            int lines = text.isEmpty() ? 0 : text.split("\n", -1).length;
            if (lines > maxLines) out.add(notebook.getFileName() + " cell " + i + ": " + lines + " lines");
        }
        return out;
    }

    @Test
    void noChapterCodeCellIsLongerThanTwentyLines() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(notebooks())) {
            files = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(files.size() >= 8, "expected the chapters 00–07 in " + notebooks() + ", found " + files);
        List<String> problems = new ArrayList<>();
        for (Path f : files) problems.addAll(overLong(f, MAX_LINES));
        assertEquals(List.of(), problems, "code cells over " + MAX_LINES + " lines: move set-up into org.crossview.notebook");
    }

    @Test
    void theCheckCountsLinesAsAReaderSeesThem(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path nb = dir.resolve("x.ipynb");
        String longCell = "\"a\\n\", ".repeat(20) + "\"b\"";   // 21 lines
        Files.writeString(nb, "{\"cells\": [{\"cell_type\": \"markdown\", \"source\": [" + longCell + "]},"
                + " {\"cell_type\": \"code\", \"source\": [" + longCell + "]}, {\"cell_type\": \"code\", \"source\": \"one\\ntwo\\n\"}]}");
        assertEquals(List.of("x.ipynb cell 1: 21 lines"), overLong(nb, 20));
        assertEquals(List.of(), overLong(nb, 21));
    }
}

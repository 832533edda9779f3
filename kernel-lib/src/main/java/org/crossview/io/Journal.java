package org.crossview.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a long run has finished, so that a re-run skips it: a JSON-lines file whose first line holds the run's
 * settings and every further line one finished unit (a key and its result as strings). Each entry is appended as
 * one write of one whole line and forced to the disk, so a kill leaves at most a torn last line, which the next
 * open ignores with a warning (and cuts off). A journal written with other settings is refused, naming what
 * differs, unless the caller restarts it.
 */
public final class Journal {
    /** One finished unit. */
    public record Entry(String key, List<String> values) {
        public Entry {
            values = List.copyOf(values);
        }
    }

    /** The journal was written with other settings. */
    public static final class SettingsMismatch extends IllegalArgumentException {
        private final List<String> differences;

        SettingsMismatch(Path file, List<String> differences) {
            super(file + " was written by a run with other settings: " + String.join("; ", differences)
                    + ". Re-run with the journal's settings to continue it, or add --restart to start afresh (its entries are dropped).");
            this.differences = List.copyOf(differences);
        }

        public List<String> differences() {
            return differences;
        }
    }

    static final String FORMAT = "crossview-journal 1";
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final Path file;
    private final Map<String, Entry> entries;
    /** The settings line, until the first entry writes it (a run that fails before finishing anything leaves no file). */
    private String pendingHeader;

    private Journal(Path file, Map<String, Entry> entries, String pendingHeader) {
        this.file = file;
        this.entries = entries;
        this.pendingHeader = pendingHeader;
    }

    /**
     * Opens the journal at {@code file}; an existing one must hold the same {@code settings}, else
     * {@link SettingsMismatch}. When absent (or dropped by {@code restart}), the file is made by the first entry.
     */
    public static Journal open(Path file, Map<String, String> settings, boolean restart, PrintStream log) throws IOException {
        if (restart && Files.deleteIfExists(file)) log.println("journal: starting afresh: removed " + file);
        if (!Files.exists(file)) {
            JsonObject head = new JsonObject();
            head.addProperty("format", FORMAT);
            head.add("settings", GSON.toJsonTree(new LinkedHashMap<>(settings)));
            return new Journal(file, new LinkedHashMap<>(), GSON.toJson(head) + "\n");
        }
        byte[] bytes = Files.readAllBytes(file);
        int end = lastNewline(bytes) + 1;
        if (end < bytes.length) {
            log.printf("journal: warning: %s: ignored a torn last line (%d bytes: the run was stopped while writing it)%n", file, bytes.length - end);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(end);
            }
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n");
        if (end == 0) throw new IOException(file + ": not a journal (no settings line); remove it or add --restart");
        Map<String, String> recorded = header(file, lines[0]);
        List<String> differences = differences(recorded, settings);
        if (!differences.isEmpty()) throw new SettingsMismatch(file, differences);
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int n = 1; n < lines.length; n++) {
            if (lines[n].isBlank()) continue;
            Entry e = entry(file, n + 1, lines[n]);
            entries.put(e.key(), e);
        }
        return new Journal(file, entries, null);
    }

    /** "KEY: journal A, now B" for each setting that differs (a missing one reads "(none)"). */
    public static List<String> differences(Map<String, String> recorded, Map<String, String> now) {
        Set<String> keys = new LinkedHashSet<>(recorded.keySet());
        keys.addAll(now.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            String a = recorded.get(k), b = now.get(k);
            if (!Objects.equals(a, b)) out.add(k + ": journal " + (a == null ? "(none)" : a) + ", now " + (b == null ? "(none)" : b));
        }
        return out;
    }

    public Path file() {
        return file;
    }

    /** The finished units, in the order they finished (a key journaled twice: its last entry). */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    public synchronized Entry get(String key) {
        return entries.get(key);
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Appends one finished unit: one line, one write, forced to the disk before returning. */
    public synchronized void append(String key, List<String> values) throws IOException {
        Entry e = new Entry(key, values);
        JsonObject o = new JsonObject();
        o.addProperty("key", key);
        JsonArray a = new JsonArray();
        for (String v : e.values()) a.add(v);
        o.add("values", a);
        if (pendingHeader != null) {
            AtomicWrite.writeString(file, pendingHeader); // whole or not at all
            pendingHeader = null;
        }
        ByteBuffer line = ByteBuffer.wrap((GSON.toJson(o) + "\n").getBytes(StandardCharsets.UTF_8));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (line.hasRemaining()) ch.write(line);
            ch.force(true);
        } catch (IOException ex) {
            throw new IOException("cannot append to the journal " + file + ": " + AtomicWrite.reason(ex), ex);
        }
        entries.put(key, e);
    }

    /** Removes the journal (its run is complete and its output written). */
    public synchronized void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    private static int lastNewline(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) if (b[i] == '\n') return i;
        return -1;
    }

    private static Map<String, String> header(Path file, String line) throws IOException {
        try {
            JsonObject o = GSON.fromJson(line, JsonObject.class);
            if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString()) || !o.has("settings")) throw new JsonParseException("no format");
            Map<String, String> s = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("settings").entrySet()) s.put(e.getKey(), e.getValue().getAsString());
            return s;
        } catch (RuntimeException e) {
            throw new IOException(file + " line 1: not a " + FORMAT + " settings line; remove the file or add --restart");
        }
    }

    private static Entry entry(Path file, int lineNumber, String line) throws IOException {
        try {
            JsonObject o = GSON.fromJson(line, JsonObject.class);
            List<String> values = new ArrayList<>();
            for (JsonElement v : o.getAsJsonArray("values")) values.add(v.getAsString());
            return new Entry(o.get("key").getAsString(), values);
        } catch (RuntimeException e) {
            throw new IOException(file + " line " + lineNumber + ": not a journal entry (" + e.getMessage() + "); remove the file or add --restart");
        }
    }
}

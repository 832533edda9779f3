package org.crossview.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    private static final Map<String, String> SETTINGS = Map.of("--seed", "5", "--size", "64");

    @Test
    void entriesSurviveAReopenWithAwkwardCharacters() throws Exception {
        Path f = dir.resolve("run.journal.jsonl");
        Journal j = Journal.open(f, SETTINGS, false, log);
        assertEquals(0, j.size());
        assertTrue(!Files.exists(f), "a run that finishes nothing leaves no journal");
        List<String> awkward = List.of("a,b;c", "tab\there", "line\nbreak", "quote\" back\\slash", "ünïcode °");
        j.append("case 0", awkward);
        j.append("case 1", List.of());
        long lines = Files.readAllLines(f).size();
        assertEquals(3, lines, "settings line and one line per entry");
        Journal again = Journal.open(f, SETTINGS, false, log);
        assertEquals(List.of("case 0", "case 1"), again.entries().stream().map(Journal.Entry::key).toList());
        assertEquals(awkward, again.get("case 0").values());
        assertEquals("", logBytes.toString(StandardCharsets.UTF_8), "nothing to warn about");
    }

    @Test
    void aTornLastLineIsIgnoredWithAWarningAndCutOff() throws Exception {
        Path f = dir.resolve("torn.jsonl");
        Journal j = Journal.open(f, SETTINGS, false, log);
        j.append("done", List.of("1"));
        long whole = Files.size(f);
        // What a kill in the middle of the next write leaves: part of a line, no newline.
        Files.write(f, "{\"key\":\"half\",\"val".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        Journal reopened = Journal.open(f, SETTINGS, false, log);
        assertEquals(List.of("done"), reopened.entries().stream().map(Journal.Entry::key).toList());
        String warning = logBytes.toString(StandardCharsets.UTF_8);
        assertTrue(warning.contains("torn last line") && warning.contains(f.toString()), warning);
        assertEquals(whole, Files.size(f), "the torn bytes are cut off so the next entry starts on its own line");
        reopened.append("next", List.of("2"));
        assertEquals(List.of("done", "next"), Journal.open(f, SETTINGS, false, log).entries().stream().map(Journal.Entry::key).toList());
    }

    @Test
    void otherSettingsAreRefusedNamingEachDifferenceUnlessRestarted() throws Exception {
        Path f = dir.resolve("s.jsonl");
        Journal.open(f, SETTINGS, false, log).append("k", List.of("v"));
        Map<String, String> other = Map.of("--seed", "6", "--levels", "2");
        Journal.SettingsMismatch e = assertThrows(Journal.SettingsMismatch.class, () -> Journal.open(f, other, false, log));
        assertEquals(3, e.differences().size(), e.getMessage());
        assertTrue(e.getMessage().contains("--seed: journal 5, now 6"), e.getMessage());
        assertTrue(e.getMessage().contains("--size: journal 64, now (none)"), e.getMessage());
        assertTrue(e.getMessage().contains("--levels: journal (none), now 2"), e.getMessage());
        assertTrue(e.getMessage().contains("--restart"), e.getMessage());
        Journal fresh = Journal.open(f, other, true, log);
        assertEquals(0, fresh.size());
        assertEquals(0, Journal.open(f, other, false, log).size());
    }

    @Test
    void aDamagedCompleteLineOrAForeignFileIsAnErrorNamingTheLine() throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Journal.open(f, SETTINGS, false, log).append("k", List.of("v"));
        Files.writeString(f, "garbage\n", StandardOpenOption.APPEND);
        String m = assertThrows(java.io.IOException.class, () -> Journal.open(f, SETTINGS, false, log)).getMessage();
        assertTrue(m.contains(f + " line 3"), m);
        Path foreign = dir.resolve("foreign.jsonl");
        Files.writeString(foreign, "name,x\n");
        m = assertThrows(java.io.IOException.class, () -> Journal.open(foreign, SETTINGS, false, log)).getMessage();
        assertTrue(m.contains("line 1"), m);
    }
}

package org.crossview.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that writes refuses an output it cannot write before any work, naming the option, the path and
 * the reason: a directory, a path under /proc, a read-only folder. The inputs are empty placeholder files: the
 * output check must come before they are read.
 */
class OutputChecksTest {
    @TempDir
    Path dir;
    Path input;
    Path readOnly;
    boolean readOnlyWorks;

    /** A command, its arguments around the output path, and the file the check names ({@code out} or, for a prefix, {@code out.png}). */
    record Case(Command command, Function<String, String[]> args, boolean prefix) {}

    List<Case> cases() {
        String in = input.toString();
        return List.of(
                new Case(new RegisterCommand(), o -> new String[] {"--data", in, "--init", "ap", "--out", o}, false),
                new Case(new RobustnessCommand(), o -> new String[] {"--data", in, "--relative", in, "--out", o}, false),
                new Case(new EvaluateCommand(), o -> new String[] {"--data", in, "--poses", in, "--out", o}, false),
                new Case(new OverlayCommand(), o -> new String[] {"--data", in, "--poses", in, "--out", o}, true),
                new Case(new PredictCommand(), o -> new String[] {"--model", in, "--data", in, "--out", o}, false),
                new Case(new TrainCommand(), o -> new String[] {"--phantom", "--out", o}, false),
                new Case(new TransferAblationCommand(), o -> new String[] {"--data", in, "--out", o}, false),
                new Case(new SimulateCommand(), o -> new String[] {"--phantom", "--out", o}, false),
                new Case(new ImportCommand(), o -> new String[] {"--ct", in, "--views", in, "--out", o}, false),
                new Case(new RenderCommand(), o -> new String[] {"--phantom", "--out", o}, true),
                new Case(new PhantomCommand(), o -> new String[] {"--out", o}, false));
    }

    @BeforeEach
    void placeholders() throws Exception {
        input = Files.writeString(dir.resolve("placeholder.h5"), "");
        readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!Files.isWritable(readOnly)) {
            readOnlyWorks = true;
        } else {
            // root ignores permissions but not the immutable flag
            readOnlyWorks = new ProcessBuilder("chattr", "+i", readOnly.toString()).start().waitFor() == 0 && !Files.isWritable(readOnly);
        }
    }

    @AfterEach
    void writable() throws Exception {
        new ProcessBuilder("chattr", "-i", readOnly.toString()).start().waitFor();
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aDirectoryAsOutputIsRefusedAtOnce() throws Exception {
        for (Case c : cases()) {
            Path target = Files.createDirectories(dir.resolve("taken-" + c.command().name() + ".h5" + (c.prefix() ? ".png" : "")));
            String out = c.prefix() ? target.toString().replaceFirst("\\.png$", "") : target.toString();
            expectRefusal(c, out, target, "is a directory");
        }
    }

    @Test
    void aPathUnderProcIsRefusedAtOnce() throws Exception {
        for (Case c : cases()) {
            String out = "/proc/self/crossview-" + c.command().name() + ".h5";
            expectRefusal(c, out, Path.of(out + (c.prefix() ? ".png" : "")), "under /proc");
        }
    }

    @Test
    void aReadOnlyFolderIsRefusedAtOnceAndSoIsOneThatCannotBeMadeThere() throws Exception {
        assumeTrue(readOnlyWorks, "cannot make a read-only folder here (neither chmod nor chattr +i takes effect)");
        for (Case c : cases()) {
            String out = readOnly.resolve("out-" + c.command().name() + ".h5").toString();
            expectRefusal(c, out, Path.of(out + (c.prefix() ? ".png" : "")), "not writable");
        }
        Case register = cases().get(0);
        String deeper = readOnly.resolve("new/sub/poses.csv").toString();
        expectRefusal(register, deeper, Path.of(deeper), "cannot be made");
    }

    private void expectRefusal(Case c, String out, Path named, String reason) {
        long t0 = System.nanoTime();
        String m = assertThrows(IllegalArgumentException.class, () -> c.command().run(c.args().apply(out)), c.command().name()).getMessage();
        double seconds = (System.nanoTime() - t0) / 1e9;
        String who = c.command().name() + ": " + m;
        assertTrue(m.contains("--out " + named) && m.contains("cannot write there") && m.contains(reason), who);
        assertTrue(seconds < 2, who + " came after " + seconds + " s");
        assertTrue(!Files.exists(named) || Files.isDirectory(named), who + ": nothing written");
    }

    @Test
    void theSharedCheckAcceptsAWritablePlaceWithoutCreatingAnything() {
        Path deep = dir.resolve("a/b/c/out.csv");
        Options.requireWritableOutput(deep, "--out");
        Options.requireWritableOutput(null, "--out");
        assertTrue(!Files.exists(dir.resolve("a")), "the check creates nothing");
        List<String> notes = new ArrayList<>();
        notes.add(assertThrows(IllegalArgumentException.class, () -> Options.requireWritableOutput(input.resolve("x.csv"), "--out")).getMessage());
        assertTrue(notes.get(0).contains("is a file, not a folder"), notes.get(0));
    }
}

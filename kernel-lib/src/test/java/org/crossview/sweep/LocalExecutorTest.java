package org.crossview.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local executor with a shell script in place of crossview: each task appends a line to its folder's ran.txt; n = 3 fails. */
class LocalExecutorTest {
    private static final Launcher FAKE = new Launcher(List.of("/bin/sh", "-c", "echo ran >> \"$1/ran.txt\"; [ \"$2\" != 3 ]"), "sh");

    private static SweepPlan plan(Path dir) {
        JsonObject o = SweepPlanTest.json("{'name': 'fake', 'command': 'fake', 'args': ['{out}', '{n}'], 'axes': {'n': [1, 2, 3, 4, 5]},"
                + " 'output': 'sweep', 'resources': {'memory_mb': 64}}");
        o.addProperty("workdir", dir.toString());
        return SweepPlan.parse(o, "test", Map.of(), null);
    }

    private static int runs(SweepTask t) throws Exception {
        return Files.isRegularFile(t.dir().resolve("ran.txt")) ? Files.readAllLines(t.dir().resolve("ran.txt")).size() : 0;
    }

    @Test
    void aReRunRunsOnlyTheUnfinishedTasks(@TempDir Path dir) throws Exception {
        SweepPlan p = plan(dir);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        LocalExecutor.Report first = new LocalExecutor(FAKE, 2).run(p, quiet);
        assertEquals(5, first.ran());
        assertEquals(1, first.failed().size());
        assertEquals("n-3", first.failed().get(0).task().id());
        SweepStatus s = SweepStatus.of(p, java.util.Set.of());
        assertEquals(4, s.done().size());
        assertEquals(1, s.failed().size());
        assertTrue(s.format().contains("n-3 (exit 1)"), s.format());
        SweepTask t3 = p.tasks().get(2);
        assertFalse(Files.exists(t3.finished()));
        assertFalse(Files.exists(t3.running()), "no running record left behind");

        LocalExecutor.Report second = new LocalExecutor(FAKE, 2).run(p, quiet);
        assertEquals(4, second.skipped());
        assertEquals(1, second.ran());
        for (SweepTask t : p.tasks()) assertEquals(t.index() == 2 ? 2 : 1, runs(t), t.id());
    }

    @Test
    void aTaskWhoseProcessDiedIsMissingAndRunsAgain(@TempDir Path dir) throws Exception {
        SweepPlan p = plan(dir);
        SweepTask t = p.tasks().get(0);
        Files.createDirectories(t.dir());
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Files.writeString(t.running(), "{\"host\": \"" + TaskRunner.host() + "\", \"pid\": " + dead.pid() + "}");
        assertEquals(List.of(t), SweepStatus.of(p, java.util.Set.of()).missing().subList(0, 1));
        Files.writeString(t.running(), "{\"host\": \"" + TaskRunner.host() + "\", \"pid\": " + ProcessHandle.current().pid() + "}");
        assertEquals(List.of(t), SweepStatus.of(p, java.util.Set.of()).running());
        assertEquals(List.of(p.tasks().get(1)), SweepStatus.of(p, java.util.Set.of(1)).queued());
    }

    @Test
    void anExitedButUnreapedProcessIsNotAlive() throws Exception {
        // 'true' exits at once; its parent exec's into sleep, which never reaps it: a zombie for 3 s
        Process p = new ProcessBuilder("/bin/sh", "-c", "true & exec sleep 3").start();
        try {
            Thread.sleep(500);
            List<ProcessHandle> children = p.toHandle().children().toList();
            assertEquals(1, children.size());
            long pid = children.get(0).pid();
            assertTrue(TaskRunner.zombie(pid), "the exited child is a zombie");
            assertFalse(TaskRunner.zombie(p.pid()), "sleep is running");
            JsonObject record = new JsonObject();
            record.addProperty("host", TaskRunner.host());
            record.addProperty("pid", pid);
            assertFalse(TaskRunner.alive(record));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void parallelismIsBoundByCoresAndMemory() {
        SweepPlan.Resources r = new SweepPlan.Resources(2, 3000, 0, 10);
        assertEquals(2, LocalExecutor.parallelism(r, 8, 7000), "memory bound: 7000 / 3000");
        assertEquals(4, LocalExecutor.parallelism(r, 8, 64000), "core bound: 8 / 2");
        assertEquals(1, LocalExecutor.parallelism(r, 1, 1000), "at least one");
        assertEquals(4, LocalExecutor.parallelism(r, 8, -1), "unknown memory: cores only");
    }
}

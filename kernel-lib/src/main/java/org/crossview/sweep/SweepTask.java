package org.crossview.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One task of a sweep: its position in the plan's product of axes (stable: the Slurm array index), its id (also its
 * folder's name), its axis values, its folder and the {@code crossview} arguments it runs.
 */
public record SweepTask(int index, String id, Map<String, String> axes, Path dir, List<String> args) {
    /** The child process's output (stdout and stderr, every attempt appended). */
    public Path log() {
        return dir.resolve("log.txt");
    }

    /** Present once the task finished with exit code 0 (written atomically after the process exited). */
    public Path finished() {
        return dir.resolve("task.json");
    }

    /** The last attempt's failure (exit code, times), removed when an attempt starts. */
    public Path failed() {
        return dir.resolve("failed.json");
    }

    /** Written when an attempt starts (host, process id), removed when it ends. */
    public Path running() {
        return dir.resolve("running.json");
    }

    /** The command line as a shell would show it. */
    public String commandLine() {
        StringBuilder b = new StringBuilder("crossview");
        for (String a : args) b.append(' ').append(Shell.quote(a));
        return b.toString();
    }
}

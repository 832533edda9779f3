package org.crossview.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlurmExecutorTest {
    @Test
    void arrayIndicesAreWrittenAsRanges() {
        assertEquals("0-2,4,7-8", SlurmExecutor.arraySpec(List.of(8, 0, 1, 2, 4, 7)));
        assertEquals("5", SlurmExecutor.arraySpec(List.of(5)));
    }

    @Test
    void theScriptCarriesThePlansResourcesAndRunsOneTaskPerArrayIndex() throws Exception {
        SweepPlan p = SweepPlan.read(Path.of("..", "plans", "ablation-paper.json"), Map.of(), Path.of("/tmp/x"));
        SlurmExecutor.Settings s = new SlurmExecutor.Settings("gpu", null, null, null, null, "module load java/17", 1, 5, true);
        String script = new SlurmExecutor(new Launcher(List.of("java", "-cp", "cp", Launcher.MAIN), "java"), s).script(p);
        for (String line : List.of("#SBATCH --partition=gpu", "#SBATCH --time=12:00:00", "#SBATCH --cpus-per-task=8", "#SBATCH --mem=32768M",
                "#SBATCH --gres=gpu:1", "#SBATCH --output=/tmp/x/slurm/%A_%a.out", "module load java/17",
                "exec java -cp cp org.crossview.cli.Main sweep run-task /tmp/x/sweep-plan.json --index \"$SLURM_ARRAY_TASK_ID\"")) {
            assertTrue(script.contains(line + "\n"), "missing: " + line + "\n" + script);
        }
        SlurmExecutor.Settings o = new SlurmExecutor.Settings(null, 30, 2, 4000, 0, null, 1, 5, true);
        String small = new SlurmExecutor(new Launcher(List.of("java"), "java"), o).script(p);
        assertTrue(small.contains("#SBATCH --time=0:30:00\n") && small.contains("#SBATCH --cpus-per-task=2\n") && small.contains("#SBATCH --mem=4000M\n")
                && !small.contains("--gres") && !small.contains("--partition"), small);
    }
}

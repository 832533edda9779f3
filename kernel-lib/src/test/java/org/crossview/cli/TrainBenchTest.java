package org.crossview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** `bench train` runs every path it names, whatever head `train` defaults to (one tiny step each, no timing asserted). */
class TrainBenchTest {
    @Test
    void thePoseHeadPathsTheKeypointPathAndTrainsDefaultRunInOneBenchmark() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            rc = TrainBench.run(new String[] {"--phantom-voxel", "4", "--size", "32", "--cases", "1", "--warmup", "1", "--steps", "1", "--rounds", "1",
                "--backend", "cpu", "--paths", "before,after,after-keypoints,after-default"});
        } finally {
            System.setOut(out);
        }
        String table = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, table);
        for (String path : new String[] {"before", "after", "after-keypoints", "after-default"}) assertTrue(table.contains(path), path + " missing from:\n" + table);
    }
}

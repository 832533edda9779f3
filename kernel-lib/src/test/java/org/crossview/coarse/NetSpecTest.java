package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class NetSpecTest {
    static {
        Nd4jThreads.limit(1);
    }

    @Test
    void parsesSizesAndRejectsNonsense() {
        NetSpec n = NetSpec.parse("12:2,1:gap", 32);
        assertEquals(32, n.inputSize());
        assertEquals(12, n.width());
        assertArrayEquals(new int[] {2, 1}, n.blocksPerStage());
        assertTrue(n.globalPool() && n.batchNorm());
        assertFalse(NetSpec.parse("8:1:nobn", 32).batchNorm());
        assertEquals(NetSpec.tutorial().withInputSize(96), NetSpec.parse("tutorial", 96));
        assertThrows(IllegalArgumentException.class, () -> NetSpec.parse("8", 64));
        assertThrows(IllegalArgumentException.class, () -> NetSpec.parse("8:1:wide", 64));
        assertThrows(IllegalArgumentException.class, () -> new NetSpec(64, 8, new int[] {1}, 4, false, true, 8, true));
    }

    @Test
    void bothHeadsGiveSixOutputsPerImage() {
        for (boolean gap : new boolean[] {true, false}) {
            NetSpec s = new NetSpec(32, 2, new int[] {1, 1, 1}, 5, false, true, 8, gap);
            ComputationGraph net = PoseNet.create(s, new WarmupCosineSchedule(1e-3, 0, 1, 0), 3, DataType.FLOAT);
            assertEquals(3, net.output(false, Nd4j.rand(DataType.FLOAT, 3, 1, 32, 32))[0].size(0));
            assertEquals(PoseNet.OUTPUTS, net.output(false, Nd4j.rand(DataType.FLOAT, 3, 1, 32, 32))[0].size(1));
        }
    }

    /** Fine maps: score maps on twice the last grid (16² at 64²), kept through parsing, equality and the output's shape. */
    @Test
    void fineMapsSitOnTwiceTheLastGrid() {
        NetSpec coarse = NetSpec.parse("4:1,1,1:hm5", 32);
        NetSpec fine = NetSpec.parse("4:1,1,1:hm5:fine", 32);
        assertEquals(4, coarse.mapSize(), "32² → 16² → 8² → 4²");
        assertEquals(8, fine.mapSize());
        assertEquals(8, fine.softArgmax().orElseThrow().size());
        assertTrue(fine.fineMaps() && !coarse.fineMaps());
        assertFalse(fine.equals(coarse));
        assertTrue(fine.describe().contains("fine-maps"));
        assertEquals(fine, coarse.withFineMaps());
        ComputationGraph net = PoseNet.create(fine, new WarmupCosineSchedule(1e-3, 0, 1, 0), 3, DataType.FLOAT);
        assertArrayEquals(fine.outputShape(2), net.output(false, Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32))[0].shape());
        assertThrows(IllegalArgumentException.class, () -> NetSpec.parse("4:1,1,1:kp5:fine", 32), "regressed keypoints have no maps");
        assertThrows(IllegalArgumentException.class, () -> NetSpec.parse("4:1:hm5:fine", 32), "one stage: no finer grid");
        assertThrows(IllegalArgumentException.class, () -> NetSpec.parse("4:1,1,1:hm5:fine", 28), "28 → 14 → 7 → 4: 7 is not twice 4");
    }
}

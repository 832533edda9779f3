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
}

package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Test check that layers given a {@link LayerHelpers} helper kept it and never fell back to DL4J's own path. */
final class HelperFallbacks {
    private HelperFallbacks() {}

    /** Every layer of {@code layerClass} in {@code net} holds a helper and counts no helper failure (DL4J's fallback). */
    static void assertNone(ComputationGraph net, Class<? extends Layer> layerClass) throws ReflectiveOperationException {
        Field failures = layerClass.getDeclaredField("helperCountFail");
        failures.setAccessible(true);
        for (Layer l : net.getLayers()) {
            if (!layerClass.isInstance(l)) continue;
            assertNotNull(l.getHelper(), "helper set on " + l.getConfig().getLayerName());
            assertEquals(0, failures.getInt(l), "helper fell back to the built-in path in " + l.getConfig().getLayerName());
        }
    }
}

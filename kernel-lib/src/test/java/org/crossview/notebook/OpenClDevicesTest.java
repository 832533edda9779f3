package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.crossview.render.Renderers;
import org.junit.jupiter.api.Test;

class OpenClDevicesTest {

    @Test
    void infoStringsDropTheirTerminatingNul() {
        assertEquals("PoCL", OpenClDevices.text("PoCL\0".getBytes(StandardCharsets.UTF_8)));
        assertEquals("", OpenClDevices.text(new byte[0]));
    }

    @Test
    void describesEachPlatformThenItsDevices() {
        var platforms = List.of(new OpenClDevices.Platform("A", "OpenCL 3.0", List.of("cpu-1 — 1.2", "cpu-2 — 1.2")),
                new OpenClDevices.Platform("B", "OpenCL 1.2", List.of()));
        assertEquals("platform: A — OpenCL 3.0\n  device: cpu-1 — 1.2\n  device: cpu-2 — 1.2\nplatform: B — OpenCL 1.2\n", OpenClDevices.describe(platforms));
        assertEquals(2, OpenClDevices.deviceCount(platforms));
    }

    @Test
    void seesADeviceWhereverTheOpenClRendererIsAvailable() {
        // Renderers finds OpenCL its own way (creating a context); the listing must agree with it
        if (!Renderers.available().contains("opencl")) return;
        List<OpenClDevices.Platform> platforms = OpenClDevices.list();
        assertTrue(OpenClDevices.deviceCount(platforms) > 0, OpenClDevices.describe(platforms));
        for (var p : platforms) assertTrue(!p.name().isEmpty() && !p.name().contains("\0"), p.toString());
    }
}

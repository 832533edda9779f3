package org.crossview.render.opencl;

import java.util.Arrays;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.RenderSettings;

/**
 * Run in a child JVM with a fixed, pre-touched heap (see {@link OpenClResourceTest}), so that resident memory
 * moves only with native allocations: warms up, then renders 10,000 times (and 2,000 gradients) in 5 blocks,
 * printing the heap after GC and VmRSS after the warm-up and after each block as "memory heap rss" lines
 * (bytes); or, with the argument "renderers", makes and closes 40 renderers and prints
 * "memory heap0 heap1 rss0 rss1".
 */
public final class RenderLoopProbe {
    private RenderLoopProbe() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("renderers")) {
            renderers();
            return;
        }
        Camera cam = Camera.centred(16, 16, 1.5, 1.5, 400);
        Image ones = new Image(16, 16);
        Arrays.fill(ones.data(), 1f);
        try (OpenClRenderer r = new OpenClRenderer(OpenClResourceTest.ball(), new RenderSettings(1.0), OpenClDevices.require())) {
            loop(r, cam, ones, 5_000); // buffers, JIT-compiled code and allocator arenas settle
            System.out.println("memory " + OpenClResourceTest.heapAfterGc() + " " + OpenClResourceTest.residentBytes());
            for (int block = 0; block < 5; block++) {
                if (!(loop(r, cam, ones, 2_000) > 0)) throw new IllegalStateException("renders were empty");
                System.out.println("memory " + OpenClResourceTest.heapAfterGc() + " " + OpenClResourceTest.residentBytes());
            }
        }
    }

    private static void renderers() throws Exception {
        Camera cam = Camera.centred(16, 16, 1.5, 1.5, 400);
        var vol = OpenClResourceTest.ball();
        OpenClDevice device = OpenClDevices.require();
        long heap0 = 0, rss0 = 0;
        for (int i = 0; i < 60; i++) {
            if (i == 20) { // the first ones warm up caches (PoCL's compiled-kernel cache, JIT code)
                heap0 = OpenClResourceTest.heapAfterGc();
                rss0 = OpenClResourceTest.residentBytes();
            }
            try (OpenClRenderer r = new OpenClRenderer(vol, new RenderSettings(1.0), device)) {
                r.render(cam, new Rigid[] {OpenClResourceTest.pose(0), OpenClResourceTest.pose(1)});
            }
        }
        System.out.println("memory " + heap0 + " " + OpenClResourceTest.heapAfterGc() + " " + rss0 + " " + OpenClResourceTest.residentBytes());
    }

    private static double loop(OpenClRenderer r, Camera cam, Image ones, int renders) {
        double sum = 0;
        for (int i = 0; i < renders; i++) {
            Rigid pose = OpenClResourceTest.pose(i * 1e-3);
            sum += r.render(cam, pose).get(8, 8);
            if (i % 5 == 0) sum += r.poseGradient(cam, new Rigid[] {pose}, new Image[] {ones})[0][5];
        }
        return sum;
    }
}

package org.crossview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crossview.volume.Nifti;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {
    @TempDir
    Path tmp;

    @Test
    void rendersAWaterCubeFromNifti() throws Exception {
        // A 20 mm cube of water (0 HU → μ = 0.02 /mm) in air; the AP central ray crosses 20 mm of it: DRR 0.4.
        int n = 30;
        float[] hu = new float[n * n * n];
        java.util.Arrays.fill(hu, -1000f);
        for (int k = 5; k < 25; k++) {
            for (int j = 5; j < 25; j++) {
                for (int i = 5; i < 25; i++) hu[i + n * (j + n * k)] = 0f;
            }
        }
        Path ct = tmp.resolve("cube.nii.gz");
        Nifti.write(ct, new Volume(n, n, n, new double[] {1, 1, 1}, new double[] {-14.5, -14.5, -14.5}, hu));
        Path out = tmp.resolve("out/drr");
        int rc = Main.run(new String[] {"render", "--ct", ct.toString(), "--out", out.toString(), "--size", "17", "--detector-mm", "40"});
        assertEquals(0, rc);
        byte[] raw = Files.readAllBytes(tmp.resolve("out/drr.raw"));
        assertEquals(4 * 17 * 17, raw.length);
        float[] drr = new float[17 * 17];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(drr);
        assertEquals(0.4, drr[8 * 17 + 8], 1e-5, "central ray through 20 mm of water");
        assertEquals(0.0, drr[0], 1e-6, "corner ray misses the cube");
        JsonObject header = new JsonParser().parse(Files.readString(tmp.resolve("out/drr.json"))).getAsJsonObject();
        assertEquals(17, header.get("cols").getAsInt());
        assertEquals("float32", header.get("dtype").getAsString());
        assertEquals(16, header.getAsJsonArray("volFromCamRowMajor").size());
        assertTrue(Files.size(tmp.resolve("out/drr.png")) > 0);
    }

    @Test
    void badArgumentsFailWithExitCode() {
        assertEquals(1, Main.run(new String[] {"render", "--phantom"})); // no --out
        assertEquals(1, Main.run(new String[] {"render", "--out", tmp.resolve("x").toString()})); // no volume
        assertEquals(1, Main.run(new String[] {"render", "--phantom", "--out", tmp.resolve("x").toString(), "--size", "-3"}));
        assertEquals(1, Main.run(new String[] {"render", "--bogus"}));
        assertEquals(0, Main.run(new String[] {"render", "--help"}));
    }
}

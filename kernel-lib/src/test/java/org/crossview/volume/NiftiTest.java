package org.crossview.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.crossview.SharedData;
import org.crossview.geometry.RotationParams;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NIfTI-1 reading and writing: hand-made headers with known geometry, round trips, and the real CTs. */
class NiftiTest {
    @TempDir
    Path tmp;

    /** A minimal NIfTI-1 header, little- or big-endian, with the fields the tests set; the rest zero. */
    private static ByteBuffer header(ByteOrder order, int nx, int ny, int nz, int datatype, int bitpix) {
        ByteBuffer h = ByteBuffer.allocate(352).order(order);
        h.putInt(0, 348);
        h.putShort(40, (short) 3).putShort(42, (short) nx).putShort(44, (short) ny).putShort(46, (short) nz);
        h.putShort(48, (short) 1).putShort(50, (short) 1).putShort(52, (short) 1).putShort(54, (short) 1);
        h.putShort(70, (short) datatype).putShort(72, (short) bitpix);
        h.putFloat(108, 352);
        h.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        return h;
    }

    private static byte[] concat(ByteBuffer h, ByteBuffer data) {
        byte[] out = Arrays.copyOf(h.array(), h.capacity() + data.capacity());
        System.arraycopy(data.array(), 0, out, h.capacity(), data.capacity());
        return out;
    }

    @Test
    void qformWithKnownGeometryAndScaling() throws IOException {
        // int16, 3×2×2, pixdim (0.5, 0.75, 2), qfac = −1, quaternion (b,c,d) = (0,0,1): a half turn about z in RAS,
        // i.e. R_RAS = diag(−1, −1, 1); with qfac the k column flips: affine_RAS = diag(−0.5, −0.75, −2) + (10, 20, 30).
        // In LPS (negate rows x, y): index → LPS = diag(0.5, 0.75, −2)·(i,j,k) + (−10, −20, 30).
        ByteBuffer h = header(ByteOrder.LITTLE_ENDIAN, 3, 2, 2, 4, 16);
        h.putFloat(76, -1).putFloat(80, 0.5f).putFloat(84, 0.75f).putFloat(88, 2f);
        h.putFloat(112, 2f).putFloat(116, -1024f); // scl_slope, scl_inter
        h.putShort(252, (short) 1); // qform_code
        h.putFloat(256, 0).putFloat(260, 0).putFloat(264, 1);
        h.putFloat(268, 10).putFloat(272, 20).putFloat(276, 30);
        ByteBuffer d = ByteBuffer.allocate(2 * 12).order(ByteOrder.LITTLE_ENDIAN);
        for (int n = 0; n < 12; n++) d.putShort(2 * n, (short) (n * 100 - 300));
        Path f = tmp.resolve("q.nii");
        Files.write(f, concat(h, d));
        Volume v = Nifti.read(f);
        assertEquals(3, v.nx());
        assertEquals(2, v.ny());
        assertEquals(2, v.nz());
        assertArrayEquals(new double[] {0.5, 0.75, 2}, v.spacingMm(), 1e-7);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, -1}, v.direction(), 1e-7);
        assertArrayEquals(new double[] {-10, -20, 30}, v.originMm(), 1e-6);
        assertArrayEquals(new double[] {-10 + 1, -20 + 0.75, 30 - 2}, v.indexToLps(2, 1, 1), 1e-6);
        for (int n = 0; n < 12; n++) assertEquals((n * 100 - 300) * 2 - 1024, v.data()[n], 0, "scaled voxel " + n);
    }

    @Test
    void sformWinsOverQformAndBigEndianIsRead() throws IOException {
        // uint8, 2×2×1, big-endian; sform = an oblique affine; the qform says something else and must be ignored.
        ByteBuffer h = header(ByteOrder.BIG_ENDIAN, 2, 2, 1, 2, 8);
        h.putFloat(80, 1).putFloat(84, 1).putFloat(88, 1);
        h.putShort(252, (short) 1).putFloat(268, 999);
        h.putShort(254, (short) 2);
        double c = Math.cos(0.3), s = Math.sin(0.3);
        float[] srow = {(float) (2 * c), (float) (-3 * s), 0, 5, (float) (2 * s), (float) (3 * c), 0, -6, 0, 0, 4, 7};
        for (int n = 0; n < 12; n++) h.putFloat(280 + 4 * n, srow[n]);
        ByteBuffer d = ByteBuffer.wrap(new byte[] {0, (byte) 200, 7, (byte) 255});
        Path f = tmp.resolve("s.nii");
        Files.write(f, concat(h, d));
        Volume v = Nifti.read(f);
        assertArrayEquals(new float[] {0, 200, 7, 255}, v.data());
        assertArrayEquals(new double[] {2, 3, 4}, v.spacingMm(), 1e-6);
        assertArrayEquals(new double[] {-5, 6, 7}, v.originMm(), 1e-6);
        // LPS of voxel (1, 1, 0) = −(RAS x, y): RAS = (5 + 2c − 3s, −6 + 2s + 3c, 7).
        assertArrayEquals(new double[] {-(5 + 2 * c - 3 * s), -(-6 + 2 * s + 3 * c), 7}, v.indexToLps(1, 1, 0), 1e-5);
    }

    @Test
    void float32RoundTripKeepsValuesAndObliqueGeometry() throws IOException {
        double[] rot = RotationParams.fromEuler(RotationParams.EulerConvention.INTRINSIC_ZYX, 0.4, -0.2, 0.9);
        float[] data = new float[5 * 4 * 3];
        for (int n = 0; n < data.length; n++) data[n] = (float) Math.sin(n * 0.37) * 1000;
        Volume v = new Volume(5, 4, 3, new double[] {0.8, 1.1, 2.5}, new double[] {-12.5, 30.25, 101}, rot, data);
        for (String name : new String[] {"r.nii.gz", "r.nii"}) {
            Path f = tmp.resolve(name);
            Nifti.write(f, v);
            Volume back = Nifti.read(f);
            assertArrayEquals(data, back.data(), name);
            assertArrayEquals(v.spacingMm(), back.spacingMm(), 1e-6, name);
            assertArrayEquals(v.originMm(), back.originMm(), 1e-4, name);
            assertArrayEquals(v.direction(), back.direction(), 1e-6, name);
        }
        // No temporary files are left behind.
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")));
        }
        // The qform written alongside the sform describes the same geometry.
        byte[] raw = Files.readAllBytes(tmp.resolve("r.nii"));
        ByteBuffer h = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, h.getShort(252));
        h.putShort(254, (short) 0); // drop the sform: the reader falls back to the qform
        Path q = tmp.resolve("qonly.nii");
        Files.write(q, raw);
        Volume viaQ = Nifti.read(q);
        assertArrayEquals(v.direction(), viaQ.direction(), 1e-6);
        assertArrayEquals(v.originMm(), viaQ.originMm(), 1e-4);
    }

    @Test
    void badFilesGiveErrorsNamingTheFile() throws IOException {
        Volume v = new Volume(4, 4, 4, new double[] {1, 1, 1}, new double[] {0, 0, 0}, new float[64]);
        Path good = tmp.resolve("good.nii");
        Nifti.write(good, v);
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = tmp.resolve("truncated.nii");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 10));
        IOException e = assertThrows(IOException.class, () -> Nifti.read(truncated));
        assertTrue(e.getMessage().contains("truncated.nii") && e.getMessage().contains("truncated"), e.getMessage());

        Path shortFile = tmp.resolve("short.nii");
        Files.write(shortFile, Arrays.copyOf(bytes, 100));
        e = assertThrows(IOException.class, () -> Nifti.read(shortFile));
        assertTrue(e.getMessage().contains("short.nii"), e.getMessage());

        byte[] badMagic = bytes.clone();
        badMagic[345] = 'x';
        Path magic = tmp.resolve("magic.nii");
        Files.write(magic, badMagic);
        e = assertThrows(IOException.class, () -> Nifti.read(magic));
        assertTrue(e.getMessage().contains("magic.nii") && e.getMessage().contains("magic"), e.getMessage());

        byte[] badType = bytes.clone();
        ByteBuffer.wrap(badType).order(ByteOrder.LITTLE_ENDIAN).putShort(70, (short) 32); // complex64
        Path type = tmp.resolve("type.nii");
        Files.write(type, badType);
        e = assertThrows(IOException.class, () -> Nifti.read(type));
        assertTrue(e.getMessage().contains("datatype"), e.getMessage());

        Path gz = tmp.resolve("cut.nii.gz");
        Nifti.write(gz, v);
        byte[] gzBytes = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(gzBytes, gzBytes.length / 2));
        e = assertThrows(IOException.class, () -> Nifti.read(gz));
        assertTrue(e.getMessage().contains("cut.nii.gz"), e.getMessage());

        e = assertThrows(IOException.class, () -> Nifti.read(tmp.resolve("missing.nii")));
        assertTrue(e.getMessage().contains("missing.nii"), e.getMessage());
    }

    @Test
    void realChestCt() throws IOException {
        Optional<Path> f = SharedData.file("ct/chest_cta_1.5mm.nii.gz");
        Assumptions.assumeTrue(f.isPresent(), "shared/data/ct/chest_cta_1.5mm.nii.gz is absent: skipping the real-CT check");
        Volume v = Nifti.read(f.get());
        assertEquals(120, v.nx());
        assertEquals(126, v.ny());
        assertEquals(164, v.nz());
        assertArrayEquals(new double[] {1.5, 1.5, 1.5}, v.spacingMm(), 1e-6);
        // Its affine is RAS diag(−1.5, −1.5, 1.5): LPS-aligned, so the direction is the identity.
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, v.direction(), 1e-9);
        assertArrayEquals(new double[] {-71.658203125, -255.658203125, 540.2000122070312}, v.originMm(), 1e-4);
        float[] range = range(v);
        assertEquals(-1078, range[0], 0);
        assertEquals(3343, range[1], 0);
    }

    @Test
    void realHeadCt() throws IOException {
        Optional<Path> f = SharedData.file("ct/head_ct.nii.gz");
        Assumptions.assumeTrue(f.isPresent(), "shared/data/ct/head_ct.nii.gz is absent: skipping the real-CT check");
        Volume v = Nifti.read(f.get());
        assertEquals(256, v.nx());
        assertEquals(256, v.ny());
        assertEquals(108, v.nz());
        assertArrayEquals(new double[] {0.957031, 0.957031, 1.5}, v.spacingMm(), 1e-6);
        // RAS affine diag(0.957, 0.957, 1.5): +i = right and +j = anterior in LPS terms.
        assertArrayEquals(new double[] {-1, 0, 0, 0, -1, 0, 0, 0, 1}, v.direction(), 1e-9);
        float[] range = range(v);
        assertEquals(-1024, range[0], 0);
        assertEquals(2986, range[1], 0);
    }

    private static float[] range(Volume v) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float x : v.data()) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return new float[] {lo, hi};
    }

    /** A NaN voxel is an error naming the file and the voxel; written volumes are readable by all (0644). */
    @Test
    void aNonFiniteVoxelIsAnErrorNamingTheFile() throws IOException {
        float[] data = new float[4 * 4 * 4];
        data[1 + 4 * 2 + 16 * 3] = Float.NaN;
        Path f = tmp.resolve("nan.nii.gz");
        Nifti.write(f, new Volume(4, 4, 4, new double[] {1, 1, 1}, new double[] {0, 0, 0}, data));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        IOException e = assertThrows(IOException.class, () -> Nifti.read(f));
        assertEquals(f + ": non-finite voxel value NaN at (i,j,k)=(1,2,3)", e.getMessage());
    }
}

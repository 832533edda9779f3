package org.crossview.volume;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * NIfTI-1 single-file images (.nii, .nii.gz) ↔ {@link Volume}, so users can bring their own CT.
 * Hand-written because none of the project's libraries reads NIfTI, and the format is one fixed 348-byte
 * header followed by raw voxels.
 *
 * <p>NIfTI's world frame is RAS; CrossView's is LPS, so the affine's x and y rows are negated at this border.
 * The affine comes from the sform when sform_code &gt; 0, else from the qform when qform_code &gt; 0, else
 * from pixdim alone (NIfTI "method 1"); the sform-first choice is nibabel's. Voxel values are scaled by
 * scl_slope/scl_inter when scl_slope ≠ 0. 3D only (a 4th dimension of size 1 is accepted).
 */
public final class Nifti {
    private static final int HEADER_BYTES = 348;
    private static final int DT_UINT8 = 2, DT_INT16 = 4, DT_INT32 = 8, DT_FLOAT32 = 16, DT_FLOAT64 = 64,
            DT_INT8 = 256, DT_UINT16 = 512, DT_UINT32 = 768, DT_INT64 = 1024;

    private Nifti() {}

    /** Reads a .nii or .nii.gz file (gzip is recognised by its magic bytes, not by the name). */
    /** Every error names the file; so does a NaN or infinite voxel (which no CT, label map or mask holds). */
    public static Volume read(Path file) throws IOException {
        byte[] bytes = readAll(file);
        try {
            Volume v = parse(bytes);
            float[] d = v.data();
            for (int n = 0; n < d.length; n++) {
                if (!Float.isFinite(d[n])) {
                    throw new IllegalArgumentException("non-finite voxel value " + d[n] + " at (i,j,k)=(" + n % v.nx() + "," + (n / v.nx()) % v.ny()
                            + "," + n / (v.nx() * v.ny()) + ")");
                }
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readAll(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        byte[] raw = Files.readAllBytes(file);
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw), 1 << 16)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(raw.length * 3, 1 << 16));
                in.transferTo(out);
                return out.toByteArray();
            } catch (EOFException e) {
                throw new IOException(file + ": truncated gzip stream (the file ends early)", e);
            } catch (ZipException e) {
                throw new IOException(file + ": corrupt gzip stream: " + e.getMessage(), e);
            }
        }
        return raw;
    }

    /** Parses a whole uncompressed single-file NIfTI-1 image. */
    static Volume parse(byte[] b) {
        if (b.length < HEADER_BYTES) throw new IllegalArgumentException("not a NIfTI-1 file: " + b.length + " bytes, shorter than the 348-byte header");
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (h.getInt(0) != HEADER_BYTES) {
            h.order(ByteOrder.BIG_ENDIAN);
            if (h.getInt(0) != HEADER_BYTES) {
                throw new IllegalArgumentException("not a NIfTI-1 file: sizeof_hdr is neither 348 little- nor big-endian");
            }
        }
        String magic = new String(b, 344, 3, StandardCharsets.US_ASCII);
        if (magic.equals("ni1")) throw new IllegalArgumentException("two-file NIfTI (.hdr/.img, magic 'ni1') is not supported; convert to .nii");
        if (!magic.equals("n+1")) throw new IllegalArgumentException("not a NIfTI-1 file: magic is '" + magic.replace("\0", "\\0") + "', expected 'n+1'");

        int ndim = h.getShort(40);
        if (ndim < 1 || ndim > 7) throw new IllegalArgumentException("dim[0]: must be 1..7, got " + ndim);
        int[] dim = new int[8];
        for (int a = 1; a <= 7; a++) dim[a] = a <= ndim ? h.getShort(40 + 2 * a) : 1;
        for (int a = 1; a <= ndim; a++) {
            if (dim[a] < 1) throw new IllegalArgumentException("dim[" + a + "]: must be positive, got " + dim[a]);
            if (a > 3 && dim[a] != 1) throw new IllegalArgumentException("only 3D volumes are supported, dim[" + a + "] = " + dim[a]);
        }
        int nx = dim[1], ny = dim[2], nz = dim[3];
        int datatype = h.getShort(70);
        int bytesPer = bytesPerVoxel(datatype);
        float[] pixdim = new float[8];
        for (int a = 0; a < 8; a++) pixdim[a] = h.getFloat(76 + 4 * a);
        double voxOffset = h.getFloat(108);
        double slope = h.getFloat(112), inter = h.getFloat(116);
        int qformCode = h.getShort(252), sformCode = h.getShort(254);

        long count = (long) nx * ny * nz;
        long offset = (long) voxOffset;
        if (offset < HEADER_BYTES || offset != voxOffset) throw new IllegalArgumentException("vox_offset: must be an integer ≥ 348, got " + voxOffset);
        long need = offset + count * bytesPer;
        if (count > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("volume too large: " + nx + "x" + ny + "x" + nz);
        if (b.length < need) {
            throw new IllegalArgumentException("truncated: " + nx + "x" + ny + "x" + nz + " voxels of " + bytesPer + " bytes from offset " + offset
                    + " need " + need + " bytes, the file holds " + b.length);
        }

        double[] affineRas = affine(h, qformCode, sformCode, pixdim);
        // RAS → LPS: negate the x and y rows.
        double[] a = affineRas.clone();
        for (int c = 0; c < 4; c++) {
            a[c] = -a[c];
            a[4 + c] = -a[4 + c];
        }
        double[] spacing = new double[3];
        double[] direction = new double[9];
        for (int c = 0; c < 3; c++) {
            double n = Math.sqrt(a[c] * a[c] + a[4 + c] * a[4 + c] + a[8 + c] * a[8 + c]);
            if (!(n > 0) || !Double.isFinite(n)) throw new IllegalArgumentException("affine: column " + c + " is zero or non-finite (voxel size 0?)");
            spacing[c] = n;
            for (int r = 0; r < 3; r++) direction[3 * r + c] = a[4 * r + c] / n;
        }
        double[] origin = {a[3], a[7], a[11]};

        boolean scale = slope != 0 && Double.isFinite(slope) && !(slope == 1 && inter == 0);
        if (slope != 0 && !Double.isFinite(inter)) throw new IllegalArgumentException("scl_inter: non-finite");
        float[] data = new float[(int) count];
        ByteBuffer d = ByteBuffer.wrap(b, (int) offset, (int) (count * bytesPer)).slice().order(h.order());
        for (int n = 0; n < count; n++) {
            double v;
            switch (datatype) {
                case DT_UINT8: v = d.get(n) & 0xff; break;
                case DT_INT8: v = d.get(n); break;
                case DT_INT16: v = d.getShort(2 * n); break;
                case DT_UINT16: v = d.getShort(2 * n) & 0xffff; break;
                case DT_INT32: v = d.getInt(4 * n); break;
                case DT_UINT32: v = d.getInt(4 * n) & 0xffffffffL; break;
                case DT_INT64: v = d.getLong(8 * n); break;
                case DT_FLOAT32: v = d.getFloat(4 * n); break;
                default: v = d.getDouble(8 * n); break; // DT_FLOAT64
            }
            data[n] = (float) (scale ? v * slope + inter : v);
        }
        return new Volume(nx, ny, nz, spacing, origin, direction, data);
    }

    private static int bytesPerVoxel(int datatype) {
        switch (datatype) {
            case DT_UINT8: case DT_INT8: return 1;
            case DT_INT16: case DT_UINT16: return 2;
            case DT_INT32: case DT_UINT32: case DT_FLOAT32: return 4;
            case DT_FLOAT64: case DT_INT64: return 8;
            default:
                throw new IllegalArgumentException("datatype: " + datatype + " is not supported (uint8, int8, int16, uint16, int32, uint32, int64, float32, float64 are)");
        }
    }

    /** Row-major 3x4 voxel index → RAS mm. */
    private static double[] affine(ByteBuffer h, int qformCode, int sformCode, float[] pixdim) {
        if (sformCode > 0) {
            double[] a = new double[12];
            for (int n = 0; n < 12; n++) a[n] = h.getFloat(280 + 4 * n);
            for (double x : a) if (!Double.isFinite(x)) throw new IllegalArgumentException("srow: non-finite entry");
            return a;
        }
        double dx = pixdim[1], dy = pixdim[2], dz = pixdim[3];
        if (qformCode > 0) {
            double qb = h.getFloat(256), qc = h.getFloat(260), qd = h.getFloat(264);
            double qx = h.getFloat(268), qy = h.getFloat(272), qz = h.getFloat(276);
            double qfac = pixdim[0] < 0 ? -1 : 1; // pixdim[0] = 0 means 1
            double ss = qb * qb + qc * qc + qd * qd;
            double qa;
            if (ss > 1) { // rounding: renormalise (b, c, d) and take a = 0, as the NIfTI reference code does
                double n = Math.sqrt(ss);
                qb /= n;
                qc /= n;
                qd /= n;
                qa = 0;
            } else {
                qa = Math.sqrt(1 - ss);
            }
            double[] r = {
                qa * qa + qb * qb - qc * qc - qd * qd, 2 * (qb * qc - qa * qd), 2 * (qb * qd + qa * qc),
                2 * (qb * qc + qa * qd), qa * qa + qc * qc - qb * qb - qd * qd, 2 * (qc * qd - qa * qb),
                2 * (qb * qd - qa * qc), 2 * (qc * qd + qa * qb), qa * qa + qd * qd - qb * qb - qc * qc};
            double[] s = {dx, dy, qfac * dz};
            double[] a = new double[12];
            for (int row = 0; row < 3; row++) {
                for (int c = 0; c < 3; c++) a[4 * row + c] = r[3 * row + c] * s[c];
            }
            a[3] = qx;
            a[7] = qy;
            a[11] = qz;
            return a;
        }
        return new double[] {dx, 0, 0, 0, 0, dy, 0, 0, 0, 0, dz, 0};
    }

    /**
     * Writes {@code volume} as float32 NIfTI-1 (gzip when the name ends in .gz) with its geometry in the
     * sform (RAS, sform_code 1), and in the qform too when the direction is orthonormal. The file is written
     * to a temporary sibling and renamed, so readers never see half a file.
     */
    public static void write(Path file, Volume volume) throws IOException {
        if (volume == null) throw new IllegalArgumentException("volume: null");
        int nx = volume.nx(), ny = volume.ny(), nz = volume.nz();
        if (nx > Short.MAX_VALUE || ny > Short.MAX_VALUE || nz > Short.MAX_VALUE) {
            throw new IllegalArgumentException("volume: NIfTI-1 dimensions are limited to 32767, got " + nx + "x" + ny + "x" + nz);
        }
        int voxOffset = 352; // header + 4-byte empty extension block
        ByteBuffer h = ByteBuffer.allocate(voxOffset).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, HEADER_BYTES);
        h.put(38, (byte) 'r'); // regular = 'r' (ANALYZE legacy field)
        short[] dim = {3, (short) nx, (short) ny, (short) nz, 1, 1, 1, 1};
        for (int a = 0; a < 8; a++) h.putShort(40 + 2 * a, dim[a]);
        h.putShort(70, (short) DT_FLOAT32);
        h.putShort(72, (short) 32);
        double[] sp = volume.spacingMm();
        double[] dir = volume.direction();
        double[] origin = volume.originMm();
        // LPS affine → RAS affine: negate the x and y rows.
        double[] ras = new double[12];
        for (int r = 0; r < 3; r++) {
            double flip = r < 2 ? -1 : 1;
            for (int c = 0; c < 3; c++) ras[4 * r + c] = flip * dir[3 * r + c] * sp[c];
            ras[4 * r + 3] = flip * origin[r];
        }
        double[] rotRas = new double[9];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) rotRas[3 * r + c] = ras[4 * r + c] / sp[c];
        double[] q = quaternionOf(rotRas);
        h.putFloat(76, q == null ? 1f : (float) q[4]); // pixdim[0] = qfac
        for (int a = 0; a < 3; a++) h.putFloat(80 + 4 * a, (float) sp[a]);
        h.putFloat(108, voxOffset);
        h.putFloat(112, 1f); // scl_slope
        h.putFloat(116, 0f);
        h.put(123, (byte) (2 | 8)); // xyzt_units: mm, s
        byte[] descrip = "CrossView".getBytes(StandardCharsets.US_ASCII);
        for (int n = 0; n < descrip.length; n++) h.put(148 + n, descrip[n]);
        if (q != null) {
            h.putShort(252, (short) 1);
            h.putFloat(256, (float) q[1]);
            h.putFloat(260, (float) q[2]);
            h.putFloat(264, (float) q[3]);
            h.putFloat(268, (float) ras[3]);
            h.putFloat(272, (float) ras[7]);
            h.putFloat(276, (float) ras[11]);
        }
        h.putShort(254, (short) 1);
        for (int n = 0; n < 12; n++) h.putFloat(280 + 4 * n, (float) ras[n]);
        h.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1').put(347, (byte) 0);

        org.crossview.io.AtomicWrite.write(file, tmp -> {
            try (OutputStream raw = Files.newOutputStream(tmp);
                 OutputStream out = file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : new java.io.BufferedOutputStream(raw, 1 << 16)) {
                out.write(h.array());
                float[] data = volume.data();
                ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : data) {
                    if (!chunk.hasRemaining()) {
                        out.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                    chunk.putFloat(v);
                }
                out.write(chunk.array(), 0, chunk.position());
            }
        });
    }

    /**
     * NIfTI qform parameters (a, b, c, d, qfac) of an orthonormal matrix, or null if it is not orthonormal.
     * A reflection (det −1) is expressed with qfac = −1 by flipping the third column.
     */
    private static double[] quaternionOf(double[] r) {
        double[] m = r.clone();
        double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
        double qfac = det < 0 ? -1 : 1;
        if (qfac < 0) {
            m[2] = -m[2];
            m[5] = -m[5];
            m[8] = -m[8];
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = m[i] * m[j] + m[3 + i] * m[3 + j] + m[6 + i] * m[6 + j];
                if (Math.abs(s - (i == j ? 1 : 0)) > 1e-5) return null;
            }
        }
        double[] q = org.crossview.geometry.RotationParams.toQuaternion(m); // w ≥ 0, as NIfTI requires (a = sqrt(1 − b² − c² − d²))
        return new double[] {q[0], q[1], q[2], q[3], qfac};
    }
}

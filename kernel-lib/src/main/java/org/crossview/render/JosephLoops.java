package org.crossview.render;

/**
 * The inner loops of {@link Projector#JOSEPH} for {@link CpuRenderer} (tiles and empty-space runs are the
 * trilinear projector's): per ray, I = w·Σ_j μ(q_j) with q_j on the plane q_a = n_j of the dominant axis a, where the
 * trilinear μ is bilinear in the other two axes b, c (4 voxels), and w = 1/|e_a| the path length between planes
 * (e = the ray's direction in index space per mm).
 *
 * <p>Exact pose gradient of that sum, for the right perturbation ξ = (ω, v) with a fixed per ray: the source moves
 * to o + M·v and the direction to e + M·(ω × u) (M = camera → index, u the unit ray in the camera frame). Sample j
 * stays on its plane, q_j = o + t_j·e with t_j = (n_j − o_a)/e_a, so for b ≠ a
 * δq_b = (δo_b − r_b·δo_a) + t_j·(δe_b − r_b·δe_a), r_b = e_b/e_a, and δw = −w·δe_a/e_a. With G_b = Σ∂μ/∂q_b,
 * H_b = Σ t_j·∂μ/∂q_b, S = Σμ and the index-space vectors G̃ = (G_b, G_c; G̃_a = −r_b·G_b − r_c·G_c), H̃ likewise:
 * ∂I/∂v = w·MᵀG̃ and ∂I/∂ω = u × (w·MᵀH̃ − (I/e_a)·M_a), M_a = row a of M.
 *
 * <p>The loops read the 16-bit codes ({@link VoxelFormat#U16}) from the copy of the volume whose fast axis is the ray's
 * plane axis ({@link PencilVolume}): sample j's 4 voxels sit at i, i + s_b, i + s_c, i + s_b + s_c with
 * i = n_j + s_b·⌊q_b⌋ + s_c·⌊q_c⌋, n_j = nFirst ± j. The ray's sums are scaled once.
 */
final class JosephLoops {
    /**
     * Float partial sums over blocks of 16 planes, n ∈ [16m, 16m + 16) (planes, not samples: every ray of a packet in
     * {@link JosephPackets} is on the same plane at each step, so all its lanes close their blocks together), added into
     * doubles where the ray enters a new block: float-speed adds, double-grade totals. Blocks do not depend on the runs,
     * so skipping (which leaves out exact zeros only) gives the same numbers as marching every sample.
     */
    static final int BLOCK_BITS = 4;

    /** The plane n (≥ 0) at which a ray stepping dn = ±1 per sample enters a new block: n mod 16 equal to this. */
    static int blockEntry(int dn) {
        return dn > 0 ? 0 : (1 << BLOCK_BITS) - 1;
    }

    private JosephLoops() {}

    /** w·Σ_j μ(q_j) over the ray's samples in its runs (the others are exactly 0). */
    static double forward(CpuRenderer.Ray r, PencilVolume voxels) {
        final Plane p = r.plane.of(r, voxels);
        final char[] d = voxels.codes(r.axis);
        final int sb = p.strideB, sc = p.strideC, sbc = sb + sc, n0 = p.n0, dn = p.dn;
        final int b0 = p.b0, db = p.db, c0 = p.c0, dc = p.dc, bits = voxels.positionBits(), fraction = (1 << bits) - 1;
        final float unit = voxels.positionUnit();
        final BrickWalk runs = r.runs;
        final int entry = blockEntry(dn), mask = (1 << BLOCK_BITS) - 1;
        double acc = 0;
        float block = 0;
        int openBlock = -1; // the block of the last sample marched
        for (int run = 0; run < runs.count; run++) {
            final int end = runs.ends[run];
            int j = runs.starts[run];
            if ((n0 + j * dn) >> BLOCK_BITS != openBlock) { // the run starts in another block than the last run ended in
                acc += block;
                block = 0;
            }
            openBlock = (n0 + (end - 1) * dn) >> BLOCK_BITS;
            int qb = b0 + j * db, qc = c0 + j * dc; // wraps like every step's add: exact wherever the position fits
            for (int n = n0 + j * dn; j < end; j++, qb += db, qc += dc, n += dn) {
                if ((n & mask) == entry) {
                    acc += block;
                    block = 0;
                }
                int i = n + (qb >> bits) * sb + (qc >> bits) * sc;
                float fb = (qb & fraction) * unit, fc = (qc & fraction) * unit;
                float c00 = d[i], c10 = d[i + sb], c01 = d[i + sc], c11 = d[i + sbc];
                float v0 = c00 + fb * (c10 - c00), v1 = c01 + fb * (c11 - c01);
                block += v0 + fc * (v1 - v0);
            }
        }
        return (acc + block) * r.stepMm * voxels.scale();
    }

    /**
     * A ray's view of the voxels for Joseph's loops: its plane axis a, the first sample's plane n0 and the
     * step dn = ±1 of the plane per sample (the layout index along a), the strides of the in-plane axes b, c, and the
     * fixed-point start and step of q_b, q_c. Reused per thread, like the ray.
     */
    static final class Plane {
        int n0, dn, strideB, strideC;
        int b0, db, c0, dc; // positions in FixedQ codes ({@link PencilVolume#positionBits} fraction bits)

        Plane of(CpuRenderer.Ray r, PencilVolume voxels) {
            final int axis = r.axis, b = axis == 0 ? 1 : 0, c = axis == 2 ? 1 : 2;
            n0 = r.nFirst;
            dn = r.sign;
            strideB = voxels.stride(axis, b);
            strideC = voxels.stride(axis, c);
            b0 = axis == 0 ? r.qy0 : r.qx0;
            db = axis == 0 ? r.qdy : r.qdx;
            c0 = axis == 2 ? r.qy0 : r.qz0;
            dc = axis == 2 ? r.qdy : r.qdz;
            return this;
        }
    }

    /** S = Σμ, G_b, G_c, and Σ j·∂μ/∂q_b, Σ j·∂μ/∂q_c of the stored codes into r.sums[0..4]. */
    private static void gradientSums(CpuRenderer.Ray r, PencilVolume voxels) {
        final Plane p = r.plane.of(r, voxels);
        final char[] d = voxels.codes(r.axis);
        final int sb = p.strideB, sc = p.strideC, sbc = sb + sc, n0 = p.n0, dn = p.dn;
        final int b0 = p.b0, db = p.db, c0 = p.c0, dc = p.dc, bits = voxels.positionBits(), fraction = (1 << bits) - 1;
        final float unit = voxels.positionUnit();
        final BrickWalk runs = r.runs;
        final int entry = blockEntry(dn), mask = (1 << BLOCK_BITS) - 1;
        double s = 0, gb = 0, gc = 0, jb = 0, jc = 0;
        float as = 0, ab = 0, ac = 0, bb = 0, bc = 0; // partial sums per block of planes, as in the forward loop
        int openBlock = -1;
        for (int run = 0; run < runs.count; run++) {
            final int end = runs.ends[run];
            int j = runs.starts[run];
            if ((n0 + j * dn) >> BLOCK_BITS != openBlock) {
                s += as;
                gb += ab;
                gc += ac;
                jb += bb;
                jc += bc;
                as = ab = ac = bb = bc = 0;
            }
            openBlock = (n0 + (end - 1) * dn) >> BLOCK_BITS;
            float fj = j;
            int qb = b0 + j * db, qc = c0 + j * dc; // wraps like every step's add: exact wherever the position fits
            for (int n = n0 + j * dn; j < end; j++, fj += 1f, qb += db, qc += dc, n += dn) {
                if ((n & mask) == entry) {
                    s += as;
                    gb += ab;
                    gc += ac;
                    jb += bb;
                    jc += bc;
                    as = ab = ac = bb = bc = 0;
                }
                int i = n + (qb >> bits) * sb + (qc >> bits) * sc;
                float fb = (qb & fraction) * unit, fc = (qc & fraction) * unit;
                float c00 = d[i], c10 = d[i + sb], c01 = d[i + sc], c11 = d[i + sbc];
                float e0 = c10 - c00, e1 = c11 - c01;
                float v0 = c00 + fb * e0, v1 = c01 + fb * e1;
                float dv = v1 - v0; // ∂μ/∂q_c
                float gB = e0 + fc * (e1 - e0); // ∂μ/∂q_b
                as += v0 + fc * dv;
                ab += gB;
                ac += dv;
                bb += fj * gB;
                bc += fj * dv;
            }
        }
        s += as;
        gb += ab;
        gc += ac;
        jb += bb;
        jc += bc;
        double[] sums = r.sums;
        sums[0] = s;
        sums[1] = gb;
        sums[2] = gc;
        sums[3] = jb;
        sums[4] = jc;
    }

    /**
     * ∂I/∂ξ of one ray into out[0..5] (ω then v), see the class comment; returns its value, the same number as
     * {@link #forward}'s (S is summed as the forward loop sums it).
     */
    static double gradient(CpuRenderer.Ray r, double[] map, PencilVolume voxels, double[] out) {
        gradientSums(r, voxels);
        return gradientFromSums(r, map, voxels.scale(), out);
    }

    /** {@link #gradient} from the ray's raw sums r.sums[0..4] (this class's or {@link JosephPackets}'), in code units. */
    static double gradientFromSums(CpuRenderer.Ray r, double[] map, double scale, double[] out) {
        final double[] sums = r.sums;
        final int axis = r.axis;
        double s = scale * sums[0], gb = scale * sums[1], gc = scale * sums[2], jb = scale * sums[3], jc = scale * sums[4];
        final double w = r.stepMm;
        int b = axis == 0 ? 1 : 0, c = axis == 2 ? 1 : 2;
        double ea = axis == 0 ? r.ex : axis == 1 ? r.ey : r.ez;
        double eb = b == 0 ? r.ex : r.ey, ec = c == 1 ? r.ey : r.ez;
        double rb = eb / ea, rc = ec / ea;
        double hb = r.tFirst * gb + w * jb, hc = r.tFirst * gc + w * jc; // Σ t_j ∂μ/∂q, t_j = tFirst + j·w
        // w·G̃ and w·H̃ in index space, components (a, b, c) mapped back to (x, y, z).
        double gA = -w * (rb * gb + rc * gc), gB = w * gb, gC = w * gc;
        double hA = -w * (rb * hb + rc * hc), hB = w * hb, hC = w * hc;
        double g0 = axis == 0 ? gA : gB, g1 = axis == 1 ? gA : axis == 0 ? gB : gC, g2 = axis == 2 ? gA : gC;
        double h0 = axis == 0 ? hA : hB, h1 = axis == 1 ? hA : axis == 0 ? hB : hC, h2 = axis == 2 ? hA : hC;
        double wS = w * s / ea; // I/e_a
        double vx = map[0] * g0 + map[4] * g1 + map[8] * g2;
        double vy = map[1] * g0 + map[5] * g1 + map[9] * g2;
        double vz = map[2] * g0 + map[6] * g1 + map[10] * g2;
        double wx = map[0] * h0 + map[4] * h1 + map[8] * h2 - wS * map[axis * 4];
        double wy = map[1] * h0 + map[5] * h1 + map[9] * h2 - wS * map[axis * 4 + 1];
        double wz = map[2] * h0 + map[6] * h1 + map[10] * h2 - wS * map[axis * 4 + 2];
        out[0] = r.uy * wz - r.uz * wy;
        out[1] = r.uz * wx - r.ux * wz;
        out[2] = r.ux * wy - r.uy * wx;
        out[3] = vx;
        out[4] = vy;
        out[5] = vz;
        return sums[0] * r.stepMm * scale;
    }
}

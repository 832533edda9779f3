package org.crossview.render;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link JosephLoops}' sums for a packet of rays at once, one ray per vector lane (the JDK's Vector API,
 * jdk.incubator.vector: no library offers gathers; ND4J's ops work on whole arrays). The scalar loop is bound by its
 * ~40 instructions per sample; here each instruction serves {@link #LANES} rays and the voxels come in by hardware
 * gathers, two per sample from {@link PencilVolume#pairs} (both voxels along b in one 32-bit word): 2.7 against 7.2 ns per
 * sample on one core in a first experiment (AVX-512, 8 lanes).
 *
 * <p>The rays of a packet share the plane axis and direction, so step m of the packet is one plane n = N0 + sign·m for
 * all of them; lane l is on its own sample j = m − off_l, active while 0 ≤ j &lt; count_l. Inactive lanes read index 0,
 * a padding voxel (μ = 0, as is the voxel s_c past it), and so add exact zeros. The packet marches the union of its rays'
 * runs ({@link BrickWalk}); a sample of a ray outside its own runs reads only zeros. Each lane sums as the scalar loop
 * does, in float over blocks of 16 planes and in double across blocks (all lanes enter a block at the same step: the
 * vector loop marches one block per call and the partials go into the doubles between calls), with the same fixed-point
 * positions and float expressions in the same order: the sums are the same floating-point numbers as
 * {@link JosephLoops}' (tested); adding zeros changes no float sum.
 */
final class JosephPackets {
    /**
     * 256-bit vectors, 8 rays per packet (AVX2, AVX-512): with 512-bit ones this JDK (17) did not compile the loop into
     * vector instructions in an experiment (43 ns per sample).
     */
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
    static final int LANES = INTS.length();

    private JosephPackets() {}

    /**
     * Whether packets beat the scalar loop here: 256-bit vectors or wider (AVX2, AVX-512), whose gathers the JIT emits
     * as instructions; narrower ones (or none) leave the scalar loop.
     */
    static boolean worthwhile() {
        return IntVector.SPECIES_PREFERRED.vectorBitSize() >= INTS.vectorBitSize();
    }

    private static final ThreadLocal<Packet> PACKETS = ThreadLocal.withInitial(Packet::new);

    /** This thread's packet, empty. */
    static Packet packet() {
        Packet p = PACKETS.get();
        p.clear();
        return p;
    }

    /**
     * One packet: up to {@link #LANES} set-up rays with the same axis and sign, and their common march. Reused per
     * thread ({@link #clear}, {@link #add}, then {@link #forward} or {@link #gradientSums}).
     */
    static final class Packet {
        final CpuRenderer.Ray[] rays = new CpuRenderer.Ray[LANES];
        int size;
        private final int[] b0 = new int[LANES], db = new int[LANES], c0 = new int[LANES], dc = new int[LANES]; // FixedQ
        private final int[] off = new int[LANES], count = new int[LANES], idx = new int[LANES];
        private int[] from = new int[16], to = new int[16]; // the union of the runs, in steps m
        private final int[] qbNow = new int[LANES], qcNow = new int[LANES]; // the next step's positions
        private final int[] jNow = new int[LANES]; // and sample indices, per lane
        private final double[][] acc = new double[5][LANES]; // per sum and lane: the closed blocks (double)
        private final float[][] partial = new float[5][LANES]; // and the open block's float partial
        private int intervals, n0;

        void clear() {
            size = 0;
        }

        boolean full() {
            return size == LANES;
        }

        void add(CpuRenderer.Ray r) {
            rays[size++] = r;
        }

        /** The common plane N0, each lane's offset and start extrapolated to step 0, and the union of the runs. */
        private void prepare(PencilVolume voxels) {
            final CpuRenderer.Ray first = rays[0];
            final int sign = first.sign;
            int start = first.nFirst;
            for (int l = 1; l < size; l++) start = sign > 0 ? Math.min(start, rays[l].nFirst) : Math.max(start, rays[l].nFirst);
            n0 = start;
            intervals = 0;
            for (int l = 0; l < LANES; l++) {
                if (l >= size) {
                    off[l] = count[l] = 0;
                    b0[l] = db[l] = c0[l] = dc[l] = 0;
                    continue;
                }
                CpuRenderer.Ray r = rays[l];
                JosephLoops.Plane p = r.plane.of(r, voxels);
                int o = (r.nFirst - n0) * sign;
                off[l] = o;
                count[l] = r.count;
                db[l] = p.db;
                dc[l] = p.dc;
                b0[l] = p.b0 - o * p.db; // wraps like the scalar loop's b0 + j·db, so b0 + m·db is exact where the lane is active
                c0[l] = p.c0 - o * p.dc;
                for (int run = 0; run < r.runs.count; run++) insert(r.runs.starts[run] + o, r.runs.ends[run] + o);
            }
        }

        /** Adds [s, e) to the sorted, disjoint, non-touching intervals, merging what it overlaps or touches. */
        private void insert(int s, int e) {
            int k = 0;
            while (k < intervals && to[k] < s) k++;
            int m = k;
            while (m < intervals && from[m] <= e) {
                s = Math.min(s, from[m]);
                e = Math.max(e, to[m]);
                m++;
            }
            int removed = m - k;
            if (removed == 0) {
                if (intervals == from.length) {
                    from = java.util.Arrays.copyOf(from, 2 * intervals);
                    to = java.util.Arrays.copyOf(to, 2 * intervals);
                }
                System.arraycopy(from, k, from, k + 1, intervals - k);
                System.arraycopy(to, k, to, k + 1, intervals - k);
                intervals++;
            } else if (removed > 1) {
                System.arraycopy(from, m, from, k + 1, intervals - m);
                System.arraycopy(to, m, to, k + 1, intervals - m);
                intervals -= removed - 1;
            }
            from[k] = s;
            to[k] = e;
        }

        /** Each ray's {@link JosephLoops#forward} value into its {@code value}. */
        void forward(PencilVolume voxels) {
            march(voxels, false);
            final double scale = voxels.scale();
            for (int l = 0; l < size; l++) {
                CpuRenderer.Ray r = rays[l];
                r.value = (acc[0][l] + partial[0][l]) * r.stepMm * scale;
            }
        }

        /** Each ray's {@link JosephLoops} gradient sums into its {@code sums[0..4]}. */
        void gradientSums(PencilVolume voxels) {
            march(voxels, true);
            for (int l = 0; l < size; l++) {
                double[] sums = rays[l].sums;
                for (int k = 0; k < 5; k++) sums[k] = acc[k][l] + partial[k][l];
            }
        }

        /**
         * Marches the intervals block by block: each block of 16 planes (or the part of it in the interval) is one call of
         * {@link #forwardSteps} or {@link #gradientSteps}, which add into the float partials; a block's partials then go
         * into the doubles here, lane by lane. The vector loops stay small methods of their own: C2 compiles the Vector
         * API's operations into instructions only while a method's inlined code stays under its node budget, and a loop
         * inlined into a larger method fell back to boxed vectors (3× slower than the scalar loop).
         */
        private void march(PencilVolume voxels, boolean gradient) {
            final int axis = rays[0].axis, sign = rays[0].sign;
            prepare(voxels);
            final int[] d = voxels.pairs(axis);
            final int sb = voxels.stride(axis, axis == 0 ? 1 : 0), sc = voxels.stride(axis, axis == 2 ? 1 : 2);
            final int bits = voxels.positionBits();
            final float unit = voxels.positionUnit();
            final int sums = gradient ? 5 : 1, entry = JosephLoops.blockEntry(sign), mask = (1 << JosephLoops.BLOCK_BITS) - 1;
            for (int k = 0; k < sums; k++) {
                java.util.Arrays.fill(acc[k], 0);
                java.util.Arrays.fill(partial[k], 0f);
            }
            int openBlock = -1;
            for (int iv = 0; iv < intervals; iv++) {
                int m = from[iv], n = n0 + sign * m;
                final int end = to[iv];
                if (n >> JosephLoops.BLOCK_BITS != openBlock) closeBlock(sums); // as the scalar loop where a run starts
                openBlock = (n0 + sign * (end - 1)) >> JosephLoops.BLOCK_BITS;
                for (int l = 0; l < LANES; l++) { // each lane's position and sample index at step m
                    qbNow[l] = b0[l] + m * db[l];
                    qcNow[l] = c0[l] + m * dc[l];
                    jNow[l] = m - off[l];
                }
                while (m < end) {
                    if ((n & mask) == entry) closeBlock(sums);
                    // up to the block's last plane: 16 − (n mod 16) steps going up, (n mod 16) + 1 going down
                    int steps = Math.min(end - m, sign > 0 ? mask + 1 - (n & mask) : (n & mask) + 1);
                    if (gradient) gradientSteps(d, sb, sc, bits, unit, steps, n, sign);
                    else forwardSteps(d, sb, sc, bits, unit, steps, n, sign);
                    m += steps;
                    n += sign * steps;
                }
            }
        }

        /** Adds the open block's float partials into the doubles, lane by lane (as the scalar loop does), and zeroes them. */
        private void closeBlock(int sums) {
            for (int k = 0; k < sums; k++) {
                double[] a = acc[k];
                float[] p = partial[k];
                for (int l = 0; l < LANES; l++) {
                    a[l] += p[l];
                    p[l] = 0f;
                }
            }
        }

        /**
         * The next {@code steps} steps (within one block) of the forward sum into partial[0], from and back into the
         * lanes' positions and sample indices (qbNow, qcNow, jNow); n is the plane of the first.
         */
        private void forwardSteps(int[] d, int sb, int sc, int bits, float positionUnit, int steps, int n, int sign) {
            final IntVector dbv = IntVector.fromArray(INTS, db, 0), dcv = IntVector.fromArray(INTS, dc, 0);
            IntVector qb = IntVector.fromArray(INTS, qbNow, 0), qc = IntVector.fromArray(INTS, qcNow, 0);
            final IntVector countv = IntVector.fromArray(INTS, count, 0), none = IntVector.zero(INTS), one = IntVector.broadcast(INTS, 1);
            final IntVector sbv = IntVector.broadcast(INTS, sb), scv = IntVector.broadcast(INTS, sc), signv = IntVector.broadcast(INTS, sign);
            final IntVector lowBits = IntVector.broadcast(INTS, 0xFFFF), fraction = IntVector.broadcast(INTS, (1 << bits) - 1);
            final IntVector shift = IntVector.broadcast(INTS, bits);
            final FloatVector unit = FloatVector.broadcast(FLOATS, positionUnit);
            IntVector nv = IntVector.broadcast(INTS, n);
            IntVector j = IntVector.fromArray(INTS, jNow, 0);
            final int[] index = idx;
            FloatVector block = FloatVector.fromArray(FLOATS, partial[0], 0);
            for (int s = 0; s < steps; s++, nv = nv.add(signv), j = j.add(one), qb = qb.add(dbv), qc = qc.add(dcv)) {
                VectorMask<Integer> active = j.compare(VectorOperators.UNSIGNED_LT, countv); // 0 ≤ j < count
                // Written out (no helper methods): C2 inlines the Vector API's own methods late when a method grows
                // large, but would give up on helpers of ours, and a vector passed to a call is boxed.
                IntVector ib = qb.lanewise(VectorOperators.ASHR, shift), ic = qc.lanewise(VectorOperators.ASHR, shift);
                none.blend(ib.mul(sbv).add(ic.mul(scv)).add(nv), active).intoArray(index, 0);
                IntVector p0 = IntVector.fromArray(INTS, d, 0, index, 0), p1 = IntVector.fromArray(INTS, d, sc, index, 0);
                FloatVector fb = ((FloatVector) qb.and(fraction).convert(VectorOperators.I2F, 0)).mul(unit);
                FloatVector fc = ((FloatVector) qc.and(fraction).convert(VectorOperators.I2F, 0)).mul(unit);
                FloatVector c00 = (FloatVector) p0.and(lowBits).convert(VectorOperators.I2F, 0);
                FloatVector c10 = (FloatVector) p0.lanewise(VectorOperators.LSHR, 16).convert(VectorOperators.I2F, 0);
                FloatVector c01 = (FloatVector) p1.and(lowBits).convert(VectorOperators.I2F, 0);
                FloatVector c11 = (FloatVector) p1.lanewise(VectorOperators.LSHR, 16).convert(VectorOperators.I2F, 0);
                FloatVector v0 = c00.add(fb.mul(c10.sub(c00))), v1 = c01.add(fb.mul(c11.sub(c01)));
                block = block.add(v0.add(fc.mul(v1.sub(v0))));
            }
            block.intoArray(partial[0], 0);
            qb.intoArray(qbNow, 0);
            qc.intoArray(qcNow, 0);
            j.intoArray(jNow, 0);
        }

        /** As {@link #forwardSteps}, for the five gradient sums. */
        private void gradientSteps(int[] d, int sb, int sc, int bits, float positionUnit, int steps, int n, int sign) {
            final IntVector dbv = IntVector.fromArray(INTS, db, 0), dcv = IntVector.fromArray(INTS, dc, 0);
            IntVector qb = IntVector.fromArray(INTS, qbNow, 0), qc = IntVector.fromArray(INTS, qcNow, 0);
            final IntVector countv = IntVector.fromArray(INTS, count, 0), none = IntVector.zero(INTS), one = IntVector.broadcast(INTS, 1);
            final IntVector sbv = IntVector.broadcast(INTS, sb), scv = IntVector.broadcast(INTS, sc), signv = IntVector.broadcast(INTS, sign);
            final IntVector lowBits = IntVector.broadcast(INTS, 0xFFFF), fraction = IntVector.broadcast(INTS, (1 << bits) - 1);
            final IntVector shift = IntVector.broadcast(INTS, bits);
            final FloatVector unit = FloatVector.broadcast(FLOATS, positionUnit), oneF = FloatVector.broadcast(FLOATS, 1f);
            IntVector nv = IntVector.broadcast(INTS, n), j = IntVector.fromArray(INTS, jNow, 0);
            FloatVector fj = (FloatVector) j.convert(VectorOperators.I2F, 0); // j as float, counted in float as the scalar loop does
            final int[] index = idx;
            final float[][] p = partial;
            FloatVector as = FloatVector.fromArray(FLOATS, p[0], 0), ab = FloatVector.fromArray(FLOATS, p[1], 0);
            FloatVector ac = FloatVector.fromArray(FLOATS, p[2], 0), bb = FloatVector.fromArray(FLOATS, p[3], 0);
            FloatVector bc = FloatVector.fromArray(FLOATS, p[4], 0);
            for (int s = 0; s < steps; s++, nv = nv.add(signv), j = j.add(one), fj = fj.add(oneF), qb = qb.add(dbv), qc = qc.add(dcv)) {
                VectorMask<Integer> active = j.compare(VectorOperators.UNSIGNED_LT, countv);
                // The sample's voxels as in forwardSteps (written out here too, for the same reason).
                IntVector ib = qb.lanewise(VectorOperators.ASHR, shift), ic = qc.lanewise(VectorOperators.ASHR, shift);
                none.blend(ib.mul(sbv).add(ic.mul(scv)).add(nv), active).intoArray(index, 0);
                IntVector p0 = IntVector.fromArray(INTS, d, 0, index, 0), p1 = IntVector.fromArray(INTS, d, sc, index, 0);
                FloatVector fb = ((FloatVector) qb.and(fraction).convert(VectorOperators.I2F, 0)).mul(unit);
                FloatVector fc = ((FloatVector) qc.and(fraction).convert(VectorOperators.I2F, 0)).mul(unit);
                FloatVector c00 = (FloatVector) p0.and(lowBits).convert(VectorOperators.I2F, 0);
                FloatVector c10 = (FloatVector) p0.lanewise(VectorOperators.LSHR, 16).convert(VectorOperators.I2F, 0);
                FloatVector c01 = (FloatVector) p1.and(lowBits).convert(VectorOperators.I2F, 0);
                FloatVector c11 = (FloatVector) p1.lanewise(VectorOperators.LSHR, 16).convert(VectorOperators.I2F, 0);
                FloatVector e0 = c10.sub(c00), e1 = c11.sub(c01);
                FloatVector v0 = c00.add(fb.mul(e0)), v1 = c01.add(fb.mul(e1));
                FloatVector dv = v1.sub(v0); // ∂μ/∂q_c
                FloatVector gB = e0.add(fc.mul(e1.sub(e0))); // ∂μ/∂q_b
                as = as.add(v0.add(fc.mul(dv)));
                ab = ab.add(gB);
                ac = ac.add(dv);
                bb = bb.add(fj.mul(gB));
                bc = bc.add(fj.mul(dv));
            }
            as.intoArray(p[0], 0);
            ab.intoArray(p[1], 0);
            ac.intoArray(p[2], 0);
            bb.intoArray(p[3], 0);
            bc.intoArray(p[4], 0);
            qb.intoArray(qbNow, 0);
            qc.intoArray(qcNow, 0);
            j.intoArray(jNow, 0);
        }
    }

}

package org.crossview.volume;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.crossview.volume.Sdf.Ellipsoid;
import org.crossview.volume.Sdf.EllipticCylinder;
import org.crossview.volume.Sdf.MirrorPair;
import org.crossview.volume.Sdf.Plate;
import org.crossview.volume.Sdf.Shape;
import org.crossview.volume.Sdf.Tube;

/**
 * The embedded default CT: a procedural adult pelvis in LPS mm (+x patient left, +y posterior, +z superior),
 * deterministic, built from signed-distance shapes with smooth unions and anti-aliased edges.
 *
 * <p>Anatomy: hip bones (iliac wings as thin plates with a thick crest, the pelvic brim, the acetabulum cut
 * around the femoral head, pubic and ischial rami enclosing the obturator foramina, the pubic symphysis),
 * sacrum (S1–S5 with alae and foramina) and coccyx, lumbar vertebrae L3–L5 with posterior elements, proximal
 * femora (head, neck, trochanters, shaft with a marrow canal), a soft-tissue body (muscle, subcutaneous fat,
 * bladder, a little bowel gas) and air outside. Bone has a cortical shell (≈ 1500 HU) over trabecular bone
 * (≈ 280 HU).
 *
 * <p>The femoral head centres lie at (±88, 0, 0) mm; the grid is centred on {@link #CENTRE_LPS} and symmetric
 * in x. The 14 DeepFluoro landmarks are found on the anatomy itself (e.g. IOF is where a ray from the
 * obturator foramen's centre first meets bone), so they stay on the bone if the shapes change.
 */
public final class PelvisPhantom {
    /** Default field of view (mm) along L, P, S. */
    public static final double[] FIELD_MM = {360, 260, 300};
    /** LPS centre of the grid: between the acetabula, a little above them, so the iliac crests and L5 fit. */
    public static final double[] CENTRE_LPS = {0, 10, 10};

    static final double AIR_HU = -1000, FAT_HU = -100, MUSCLE_HU = 45, FLUID_HU = 15, GAS_HU = -850;
    static final double CORTICAL_HU = 1500, TRABECULAR_HU = 280, MARROW_HU = 40;

    private static final double[] FH_LEFT = {88, 0, 0};
    private static final double FEMORAL_HEAD_RADIUS_MM = 24;
    private static final double SYMPHYSIS_HALF_GAP_MM = 2.5;

    private PelvisPhantom() {}

    /** The phantom at {@code voxelMm} isotropic voxels over the default field (2 mm: 180×130×150 voxels). */
    public static Phantom generate(double voxelMm) {
        return generate(voxelMm, FIELD_MM);
    }

    public static Phantom generate(double voxelMm, double[] fieldMm) {
        if (!(voxelMm >= 0.25) || !(voxelMm <= 20)) throw new IllegalArgumentException("voxelMm: must be in [0.25, 20], got " + voxelMm);
        if (fieldMm == null || fieldMm.length != 3) throw new IllegalArgumentException("fieldMm: expected 3 values");
        int[] n = new int[3];
        double[] origin = new double[3];
        for (int a = 0; a < 3; a++) {
            if (!(fieldMm[a] > 0) || !Double.isFinite(fieldMm[a])) throw new IllegalArgumentException("fieldMm: must be positive, got " + fieldMm[a]);
            n[a] = Math.max(1, (int) Math.round(fieldMm[a] / voxelMm));
            origin[a] = CENTRE_LPS[a] - (n[a] - 1) / 2.0 * voxelMm;
        }
        long total = (long) n[0] * n[1] * n[2];
        if (total > 400_000_000L) throw new IllegalArgumentException("voxelMm: " + voxelMm + " gives " + total + " voxels, too many");
        Anatomy anatomy = new Anatomy();
        float[] hu = new float[(int) total];
        float[] labels = new float[(int) total];
        rasterise(anatomy, n, origin, voxelMm, hu, labels);
        double[] spacing = {voxelMm, voxelMm, voxelMm};
        return new Phantom(new Volume(n[0], n[1], n[2], spacing, origin, hu), new Volume(n[0], n[1], n[2], spacing, origin, labels),
                anatomy.landmarks());
    }

    // =================================================================== rasterisation

    private static final int CELL = 8;

    private static void rasterise(Anatomy anatomy, int[] n, double[] origin, double h, float[] hu, float[] labels) {
        int cx = (n[0] + CELL - 1) / CELL, cy = (n[1] + CELL - 1) / CELL, cz = (n[2] + CELL - 1) / CELL;
        List<Bone> bones = anatomy.bones;
        double margin = 12 + 2 * h; // beyond this a shape cannot change a voxel's HU or label
        IntStream.range(0, cx * cy * cz).parallel().forEach(cell -> {
            int ci = cell % cx, cj = (cell / cx) % cy, ck = cell / (cx * cy);
            int i0 = ci * CELL, j0 = cj * CELL, k0 = ck * CELL;
            int i1 = Math.min(n[0], i0 + CELL), j1 = Math.min(n[1], j0 + CELL), k1 = Math.min(n[2], k0 + CELL);
            double[] lo = {origin[0] + i0 * h, origin[1] + j0 * h, origin[2] + k0 * h};
            double[] hi = {origin[0] + (i1 - 1) * h, origin[1] + (j1 - 1) * h, origin[2] + (k1 - 1) * h};
            int[][] addIdx = new int[bones.size()][];
            int[][] cutIdx = new int[bones.size()][];
            for (int b = 0; b < bones.size(); b++) {
                Bone bone = bones.get(b);
                double[] llo = lo.clone(), lhi = hi.clone();
                if (bone.mirrored) {
                    llo[0] = -hi[0];
                    lhi[0] = -lo[0];
                }
                addIdx[b] = bone.near(bone.add, llo, lhi, margin);
                cutIdx[b] = addIdx[b].length == 0 ? new int[0] : bone.near(bone.cut, llo, lhi, margin);
            }
            for (int k = k0; k < k1; k++) {
                double z = origin[2] + k * h;
                for (int j = j0; j < j1; j++) {
                    double y = origin[1] + j * h;
                    for (int i = i0; i < i1; i++) {
                        double x = origin[0] + i * h;
                        double soft = anatomy.softTissueHu(x, y, z, h);
                        double best = margin;
                        int bestBone = -1;
                        for (int b = 0; b < bones.size(); b++) {
                            if (addIdx[b].length == 0) continue;
                            double d = bones.get(b).distance(x, y, z, addIdx[b], cutIdx[b], margin);
                            if (d < best) {
                                best = d;
                                bestBone = b;
                            }
                        }
                        double value = soft;
                        int label = 0;
                        if (bestBone >= 0 && best < h) {
                            Bone bone = bones.get(bestBone);
                            double inside = ramp(-best / h);
                            double shell = bone.shellMm(z);
                            // Trabecular texture and cortical density vary smoothly (deterministic value noise,
                            // mirrored at x = 0 like the anatomy).
                            double ax = Math.abs(x);
                            double interior = bone.interiorHu(z)
                                    + bone.trabecularWeight(z) * TEXTURE_HU * (0.6 * valueNoise(ax, y, z, 3, 1) + 0.4 * valueNoise(ax, y, z, 7, 2));
                            double cortical = CORTICAL_HU + 100 * valueNoise(ax, y, z, 9, 3);
                            double boneHu = interior + (cortical - interior) * ramp((best + shell) / h);
                            value = soft + (boneHu - soft) * inside;
                            if (best < 0) label = bone.labelAt(z);
                        }
                        int idx = i + n[0] * (j + n[1] * k);
                        hu[idx] = (float) value;
                        labels[idx] = label;
                    }
                }
            }
        });
    }

    /** Amplitude of the trabecular texture. */
    static final double TEXTURE_HU = 90;

    /**
     * Smooth value noise in [−1, 1] with features about {@code cellMm} across: hashed random values at the
     * corners of a cubic lattice, blended with smoothstep weights. Deterministic for a given seed.
     */
    static double valueNoise(double x, double y, double z, double cellMm, int seed) {
        double gx = x / cellMm, gy = y / cellMm, gz = z / cellMm;
        long ix = (long) Math.floor(gx), iy = (long) Math.floor(gy), iz = (long) Math.floor(gz);
        double fx = smooth(gx - ix), fy = smooth(gy - iy), fz = smooth(gz - iz);
        double sum = 0;
        for (int c = 0; c < 8; c++) {
            int dx = c & 1, dy = (c >> 1) & 1, dz = c >> 2;
            double w = (dx == 1 ? fx : 1 - fx) * (dy == 1 ? fy : 1 - fy) * (dz == 1 ? fz : 1 - fz);
            sum += w * lattice(ix + dx, iy + dy, iz + dz, seed);
        }
        return sum;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    /** A hashed lattice value in [−1, 1] (SplitMix64 finaliser over the packed coordinates). */
    private static double lattice(long i, long j, long k, int seed) {
        long h = i * 0x9E3779B97F4A7C15L + j * 0xC2B2AE3D27D4EB4FL + k * 0x165667B19E3779F9L + seed * 0xD6E8FEB86659FD93L;
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53 * 2 - 1;
    }

    /** Anti-aliasing: fraction covered when the surface is {@code x} voxels away (linear over one voxel). */
    private static double ramp(double x) {
        return x <= -0.5 ? 0 : x >= 0.5 ? 1 : x + 0.5;
    }

    // =================================================================== bones

    /** One labelled bone: a smooth union of shapes, minus cut-outs, optionally mirrored to the right side. */
    private static final class Bone {
        final String name;
        final int label;
        final int lowerLabel; // label below splitZ (the sacrum's two parts), else = label
        final double splitZ;
        final List<Shape> add = new ArrayList<>();
        final List<Shape> cut = new ArrayList<>();
        final double blendMm;
        final boolean mirrored; // evaluated at (−x, y, z): a right-side copy of a left-side design
        final double clipMinX; // keep local x ≥ clipMinX (the symphysis gap); −∞ for none
        final double shellMm;
        final double shaftFromZ; // below this z the shell thickens and the interior turns to marrow (femur)

        Bone(String name, int label, int lowerLabel, double splitZ, double blendMm, boolean mirrored, double clipMinX, double shellMm, double shaftFromZ) {
            this.name = name;
            this.label = label;
            this.lowerLabel = lowerLabel;
            this.splitZ = splitZ;
            this.blendMm = blendMm;
            this.mirrored = mirrored;
            this.clipMinX = clipMinX;
            this.shellMm = shellMm;
            this.shaftFromZ = shaftFromZ;
        }

        Bone mirror(String newName, int newLabel) {
            Bone b = new Bone(newName, newLabel, newLabel, splitZ, blendMm, true, clipMinX, shellMm, shaftFromZ);
            b.add.addAll(add);
            b.cut.addAll(cut);
            return b;
        }

        int labelAt(double z) {
            return z >= splitZ ? label : lowerLabel;
        }

        /** Shaft weight: 0 above shaftFromZ, 1 from 15 mm below it. */
        private double shaft(double z) {
            return Math.max(0, Math.min(1, (shaftFromZ - z) / 15));
        }

        double shellMm(double z) {
            return shellMm + (5 - shellMm) * shaft(z);
        }

        /** 1 where the interior is trabecular bone, 0 in the shaft's marrow canal. */
        double trabecularWeight(double z) {
            return 1 - shaft(z);
        }

        double interiorHu(double z) {
            return TRABECULAR_HU + (MARROW_HU - TRABECULAR_HU) * shaft(z);
        }

        int[] near(List<Shape> shapes, double[] lo, double[] hi, double margin) {
            int[] idx = new int[shapes.size()];
            int c = 0;
            for (int s = 0; s < shapes.size(); s++) if (shapes.get(s).overlaps(lo, hi, margin)) idx[c++] = s;
            return java.util.Arrays.copyOf(idx, c);
        }

        /** Distance from (x, y, z) using only the listed shapes; others count as {@code far}. */
        double distance(double x, double y, double z, int[] addIdx, int[] cutIdx, double far) {
            double lx = mirrored ? -x : x;
            double d = far;
            for (int s : addIdx) d = Sdf.smin(d, add.get(s).distance(lx, y, z), blendMm);
            for (int s : cutIdx) d = Math.max(d, -cut.get(s).distance(lx, y, z));
            return Math.max(d, clipMinX - lx);
        }

        /** Distance using every shape. */
        double distance(double x, double y, double z) {
            double lx = mirrored ? -x : x;
            double d = Double.POSITIVE_INFINITY;
            for (Shape s : add) d = Sdf.smin(d, s.distance(lx, y, z), blendMm);
            for (Shape s : cut) d = Math.max(d, -s.distance(lx, y, z));
            return Math.max(d, clipMinX - lx);
        }
    }

    // =================================================================== anatomy

    /** The shapes, the soft tissue and the landmark definitions (left side designed, right side mirrored). */
    private static final class Anatomy {
        final List<Bone> bones = new ArrayList<>();
        final Bone leftHip;
        final Bone leftFemur;
        // Points the landmark searches start from (left side).
        final double[] obturatorCentre = {44, -24, -42};

        Anatomy() {
            leftHip = hipBone();
            leftFemur = femur();
            bones.add(leftHip);
            bones.add(leftHip.mirror("right hemipelvis", Phantom.RIGHT_HEMIPELVIS));
            bones.add(leftFemur);
            bones.add(leftFemur.mirror("right femur", Phantom.RIGHT_FEMUR));
            bones.add(sacrum());
            bones.add(lumbarSpine());
        }

        private static double[] p(double x, double y, double z) {
            return new double[] {x, y, z};
        }

        private static Bone hipBone() {
            Bone b = new Bone("left hemipelvis", Phantom.LEFT_HEMIPELVIS, Phantom.LEFT_HEMIPELVIS, Double.NEGATIVE_INFINITY, 6, false,
                    SYMPHYSIS_HALF_GAP_MM, 2.0, Double.NEGATIVE_INFINITY);
            // Iliac wing: a plate from the crest (ASIS → PSIS) down to the acetabular roof and the sciatic notch,
            // thin in the iliac fossa, thicker towards the acetabulum.
            double[][] crest = {p(118, -48, 62), p(128, -32, 92), p(131, -8, 114), p(122, 18, 126), p(100, 42, 124), p(74, 60, 110), p(48, 72, 88)};
            double[][] lower = {p(108, -40, 32), p(100, -24, 30), p(92, -6, 28), p(84, 12, 30), p(74, 30, 36), p(62, 44, 52), p(50, 62, 60)};
            double[][] middle = new double[crest.length][];
            for (int i = 0; i < crest.length; i++) {
                middle[i] = p((crest[i][0] + lower[i][0]) / 2 + 3, (crest[i][1] + lower[i][1]) / 2, (crest[i][2] + lower[i][2]) / 2);
            }
            double[] crestHalf = {3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 4};
            double[] midHalf = {3, 1.8, 1.6, 1.6, 1.8, 2.5, 4};
            double[] lowHalf = {5, 6, 7, 7, 6, 6, 6};
            b.add.add(new Plate(crest, middle, crestHalf, midHalf));
            b.add.add(new Plate(middle, lower, midHalf, lowHalf));
            b.add.add(new Tube(crest, new double[] {6, 6.5, 7, 6, 5, 5, 7}));
            // Posterior ilium at the sacroiliac joint, and the iliac pillar above the acetabulum.
            b.add.add(new Ellipsoid(p(60, 60, 78), p(11, 18, 28)));
            b.add.add(new Tube(p(86, 4, 18), p(122, -14, 100), 10, 5));
            // Pelvic brim (arcuate line) from the sacroiliac joint to the iliopubic eminence.
            b.add.add(new Tube(new double[][] {p(52, 48, 70), p(58, 20, 40), p(62, -5, 18), p(64, -22, 4)}, new double[] {5, 5, 5.5, 6}));
            // Acetabular body; the cup is cut out around the femoral head below.
            b.add.add(new Ellipsoid(p(78, 8, 4), p(22, 30, 34)));
            // Pubis: superior ramus to the pubic body at the symphysis, inferior ramus down and back.
            b.add.add(new Tube(new double[][] {p(68, -20, -4), p(40, -38, -14), p(22, -48, -22)}, new double[] {9.5, 7, 7.5}));
            b.add.add(new Ellipsoid(p(13, -48, -36), p(11, 9, 20), org.crossview.geometry.RotationParams.elementary(
                    org.crossview.geometry.RotationParams.Axis.X, Math.toRadians(26.7))));
            b.add.add(new Tube(new double[][] {p(14, -42, -50), p(28, -30, -64), p(40, -14, -70)}, new double[] {6.5, 5.5, 6}));
            // Ischium: ramus, tuberosity, body from the acetabulum down, and the ischial spine.
            b.add.add(new Tube(new double[][] {p(40, -14, -70), p(52, 2, -70), p(60, 16, -64)}, new double[] {6, 7, 8}));
            b.add.add(new Ellipsoid(p(60, 22, -56), p(13, 15, 18)));
            b.add.add(new Tube(new double[][] {p(80, 16, -8), p(70, 22, -30), p(62, 22, -48)}, new double[] {14, 12, 12}));
            b.add.add(new Tube(p(66, 30, -10), p(50, 44, -8), 6, 3));
            // Acetabular cup: the head's sphere plus a 2.5 mm joint space.
            b.cut.add(new Ellipsoid(FH_LEFT, p(FEMORAL_HEAD_RADIUS_MM + 2.5, FEMORAL_HEAD_RADIUS_MM + 2.5, FEMORAL_HEAD_RADIUS_MM + 2.5)));
            return b;
        }

        private static Bone femur() {
            Bone b = new Bone("left femur", Phantom.LEFT_FEMUR, Phantom.LEFT_FEMUR, Double.NEGATIVE_INFINITY, 8, false,
                    Double.NEGATIVE_INFINITY, 1.8, -60);
            double r = FEMORAL_HEAD_RADIUS_MM;
            b.add.add(new Ellipsoid(FH_LEFT, p(r, r, r)));
            b.add.add(new Tube(FH_LEFT, p(124, 6, -34), 15, 16));
            b.add.add(new Ellipsoid(p(132, 14, -22), p(13, 18, 22)));
            b.add.add(new Ellipsoid(p(126, 8, -44), p(18, 20, 24)));
            b.add.add(new Ellipsoid(p(106, 18, -60), p(9, 9, 11)));
            b.add.add(new Tube(p(126, 6, -45), p(112, 2, -190), 15, 13));
            return b;
        }

        private static Bone sacrum() {
            Bone b = new Bone("sacrum", Phantom.UPPER_SACRUM, Phantom.LOWER_SACRUM, 55, 6, false, Double.NEGATIVE_INFINITY, 1.2,
                    Double.NEGATIVE_INFINITY);
            // A curved triangular sheet, concave forwards: rows from S1 (top) to S5, each from the midline out to one side (mirrored);
            // thick in the midline (vertebral bodies), thinner in the lateral masses. Edges are rounded by the
            // half-thickness, so the outer half-width is w + h.
            double[] z = {88, 72, 55, 38, 22, 8, -6};
            double[] yc = {30, 38, 48, 57, 63, 66, 66};
            double[] w = {40, 36, 30, 22, 14, 8, 2};
            double[] hMid = {16, 14, 11, 9, 7, 5, 3};
            double[] hSide = {12, 12, 10, 8, 6, 4, 3};
            double[][][] rows = new double[z.length][][];
            double[][] half = new double[z.length][];
            for (int r = 0; r < z.length; r++) {
                rows[r] = new double[][] {p(0, yc[r], z[r]), p(w[r] / 2, yc[r] + 2, z[r]), p(w[r], yc[r] + 6, z[r])};
                half[r] = new double[] {hMid[r], (hSide[r] + hMid[r]) / 2, hSide[r]};
            }
            // One half, mirrored: a triangulated sheet is not exactly symmetric, its mirror pair is.
            b.add.add(new MirrorPair(new Plate(rows, half)));
            b.add.add(new Tube(p(0, 66, -8), p(0, 62, -24), 4, 2.5)); // coccyx
            b.add.add(new Tube(new double[][] {p(0, 54, 96), p(0, 64, 72), p(0, 74, 44), p(0, 76, 22)}, new double[] {3, 3, 2.5, 2})); // median crest
            // Anterior sacral foramina (funnels, so their walls are not parallel to an AP beam) and the sacral canal.
            double[] fz = {80, 62, 44, 28};
            double[] fx = {21, 18, 14, 10};
            double[] fr = {5, 4.5, 4, 3.2};
            for (int i = 0; i < fz.length; i++) {
                double y0 = yc[i + 1] - 22, y1 = yc[i + 1] + 4;
                b.cut.add(new MirrorPair(new Tube(p(fx[i] + 2, y0, fz[i] + 4), p(fx[i], y1, fz[i] - 2), fr[i] * 1.4, fr[i] * 0.7)));
            }
            b.cut.add(new Tube(new double[][] {p(0, 44, 104), p(0, 50, 72), p(0, 60, 44), p(0, 66, 16)}, new double[] {7, 5.5, 4.5, 3}));
            return b;
        }

        private static Bone lumbarSpine() {
            Bone b = new Bone("vertebrae", Phantom.VERTEBRAE, Phantom.VERTEBRAE, Double.NEGATIVE_INFINITY, 4, false,
                    Double.NEGATIVE_INFINITY, 1.5, Double.NEGATIVE_INFINITY);
            double[] zc = {117, 148, 179}; // L5, L4, L3 body centres
            double[] yb = {20, 13, 10};
            double[] tiltDeg = {-15, -6, 0};
            double[] transverse = {44, 38, 40};
            for (int v = 0; v < zc.length; v++) {
                double z = zc[v], y = yb[v];
                b.add.add(new EllipticCylinder(p(0, y, z), 25, 18, 12, 2.5, Math.toRadians(tiltDeg[v])));
                b.add.add(new MirrorPair(new Tube(p(10, y + 14, z + 3), p(13, y + 27, z + 3), 5, 5))); // pedicles
                b.add.add(new MirrorPair(new Tube(p(13, y + 27, z + 2), p(3, y + 37, z - 2), 4.5, 4.5))); // laminae
                b.add.add(new Ellipsoid(p(0, y + 50, z - 4), p(4, 14, 10))); // spinous process
                b.add.add(new MirrorPair(new Tube(p(14, y + 26, z + 4), p(transverse[v], y + 28, z + 6), v == 0 ? 7 : 5, 4)));
                b.add.add(new MirrorPair(new Ellipsoid(p(15, y + 30, z + 12), p(5, 6, 8)))); // articular processes
                b.add.add(new MirrorPair(new Ellipsoid(p(13, y + 32, z - 12), p(5, 6, 8))));
            }
            return b;
        }

        // ---------------------------------------------------------------- soft tissue

        private static final Shape BLADDER = new Ellipsoid(p(0, -45, -8), p(40, 32, 30));
        private static final Shape[] GAS = {
            new Ellipsoid(p(-42, -40, 122), p(18, 12, 10)), new Ellipsoid(p(48, -30, 136), p(14, 10, 12)), new Ellipsoid(p(-20, 38, 20), p(10, 9, 14))};

        /** HU of the soft-tissue body (no bone) at a point, anti-aliased over one voxel h. */
        double softTissueHu(double x, double y, double z, double h) {
            double dBody = bodyDistance(x, y, z);
            if (dBody > h) return AIR_HU;
            double fat = 18;
            double tissue = FAT_HU + (MUSCLE_HU - FAT_HU) * ramp((-dBody - fat) / 4);
            double dBladder = BLADDER.distance(x, y, z);
            if (dBladder < h) tissue += (FLUID_HU - tissue) * ramp(-dBladder / 2);
            for (Shape g : GAS) {
                double dg = g.distance(x, y, z);
                if (dg < h) tissue += (GAS_HU - tissue) * ramp(-dg / h);
            }
            return AIR_HU + (tissue - AIR_HU) * ramp(-dBody / h);
        }

        /**
         * Trunk: a super-ellipse in each axial slice, narrowing towards the waist. Below z = −20 it parts into two
         * thighs whose centres move apart with depth while the outer contour stays put.
         */
        static double bodyDistance(double x, double y, double z) {
            double above = Math.max(0, z - 20);
            double ax = 160 - 0.13 * above, ay = 112 - 0.05 * above, cy = 12;
            if (z >= -20) return superEllipse(x, y - cy, ax, ay, 2.4);
            double part = Math.min(1, (-20 - z) / 90);
            double c = 84 * part;
            double thighAy = ay - 25 * part, thighCy = cy - 4 * part;
            return Math.min(superEllipse(x - c, y - thighCy, ax - c, thighAy, 2.4 - 0.2 * part),
                    superEllipse(x + c, y - thighCy, ax - c, thighAy, 2.4 - 0.2 * part));
        }

        private static double superEllipse(double x, double y, double ax, double ay, double pow) {
            double k = Math.pow(Math.pow(Math.abs(x) / ax, pow) + Math.pow(Math.abs(y) / ay, pow), 1 / pow);
            return (k - 1) * Math.min(ax, ay);
        }

        // ---------------------------------------------------------------- landmarks

        Map<String, double[]> landmarks() {
            Map<String, double[]> left = new LinkedHashMap<>();
            Bone hip = leftHip;
            left.put("ASIS", surfaceAlong(hip, p(118, -80, 62), p(118, -40, 62)));
            left.put("FH", FH_LEFT.clone());
            left.put("GSN", surfaceAlong(hip, p(62, 80, 24), p(74, 0, 24)));
            left.put("IOF", surfaceAlong(hip, obturatorCentre, p(40, -14, -70)));
            left.put("MOF", surfaceAlong(hip, obturatorCentre, p(14, -44, -46)));
            double[] pubisAxis = {0, -0.45, 0.89};
            double[] pubisCentre = {SYMPHYSIS_HALF_GAP_MM + 2, -48, -36};
            left.put("SPS", surfaceAlong(hip, offset(pubisCentre, pubisAxis, 45), pubisCentre));
            left.put("IPS", surfaceAlong(hip, offset(pubisCentre, pubisAxis, -45), pubisCentre));
            Map<String, double[]> out = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : left.entrySet()) {
                double[] l = e.getValue();
                out.put(e.getKey() + "-l", l);
                out.put(e.getKey() + "-r", new double[] {-l[0], l[1], l[2]});
            }
            return out;
        }

        private static double[] offset(double[] c, double[] dir, double t) {
            return new double[] {c[0] + t * dir[0], c[1] + t * dir[1], c[2] + t * dir[2]};
        }

        /** The first point on the segment from → to where the bone begins (bisected to 0.01 mm). */
        private static double[] surfaceAlong(Bone bone, double[] from, double[] to) {
            if (bone.distance(from[0], from[1], from[2]) <= 0) {
                throw new IllegalStateException(bone.name + ": landmark search starts inside the bone at " + java.util.Arrays.toString(from));
            }
            double len = Math.sqrt(Sdf.sq(to[0] - from[0]) + Sdf.sq(to[1] - from[1]) + Sdf.sq(to[2] - from[2]));
            double step = 0.25 / len;
            double prev = 0;
            for (double t = step; t <= 1 + 1e-12; t += step) {
                double[] q = lerp(from, to, t);
                if (bone.distance(q[0], q[1], q[2]) <= 0) {
                    double a = prev, c = t;
                    for (int it = 0; it < 30; it++) {
                        double m = (a + c) / 2;
                        double[] qm = lerp(from, to, m);
                        if (bone.distance(qm[0], qm[1], qm[2]) <= 0) c = m; else a = m;
                    }
                    return lerp(from, to, c);
                }
                prev = t;
            }
            throw new IllegalStateException(bone.name + ": landmark search from " + java.util.Arrays.toString(from) + " to "
                    + java.util.Arrays.toString(to) + " met no bone");
        }

        private static double[] lerp(double[] a, double[] b, double t) {
            return new double[] {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2])};
        }
    }
}

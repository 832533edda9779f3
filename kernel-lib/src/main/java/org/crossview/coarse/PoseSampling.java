package org.crossview.coarse;

import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.crossview.geometry.Rigid;
import org.crossview.geometry.RotationParams;
import org.crossview.geometry.Rotations;

/**
 * Distributions of training poses around the reference (AP) view. A sample is a relative pose Δ in the
 * reference isocentre frame (see {@link PoseParameterisation}): rotation about the isocentre, axes x =
 * image columns (≈ patient left-right), y = image rows (≈ patient superior-inferior, the C-arm's
 * LAO/RAO axis), z = towards the source (depth); translation in mm along the same axes.
 *
 * <p>Both published ranges are mapped onto these axes by us (the source frames differ; unverified):
 * <ul>
 * <li>{@link #diffPoseLike()}: DiffPose's spreads, rotation ω ~ N(0, diag(0.1, 0.2, 0.25)²) rad as an
 *     axis-angle vector, translation ~ N(0, diag(70, 50, 90)²) mm (x lateral, y longitudinal, z depth;
 *     DiffPose's mean offset is specimen-specific and dropped here).</li>
 * <li>{@link #xvrLike()}: xvr's uniform ranges, rotation R_y(a)·R_x(b)·R_z(c) with a ~ U(±45°),
 *     b, c ~ U(±15°), translation ~ U(±50, ±50, ±150) mm.</li>
 * <li>{@link #wide()} (the default of {@code train} and {@code register}): C-arm acquisitions as they come,
 *     rotation sd 0.25 rad (≈ 14°) about every axis (DiffPose's largest per-axis spread, on all three: a C-arm
 *     tilts cranially/caudally as far as it turns LAO/RAO, and the image may be rotated in plane), translation sd
 *     (35, 35, 50) mm (the operator centres the anatomy; depth varies most), with heavy tails: a quarter of the
 *     cases are drawn at twice the spread, so poses of 20–40° still lie inside what the network has seen.</li>
 * </ul>
 * {@link #scaled} shrinks any of them for small tutorial runs. {@link #extent} says how far a pose lies from what
 * training covered, so a prediction outside it is not trusted as a start.
 */
public interface PoseSampling {

    /** One relative pose Δ. */
    Rigid sample(RandomGenerator rng);

    /** A short description for logs. */
    String describe();

    /**
     * How far a relative pose lies from the centre of this distribution, in units where 1 is the edge of
     * what training sees in practice (Gaussian: 3 sd of its widest component on the worst axis; uniform: the
     * half range on the worst axis). Rotation axes are compared through the axis-angle vector.
     */
    double extent(Rigid relative);

    /** The same family with every spread multiplied by {@code factor} (a C-arm orbit keeps its range). */
    PoseSampling scaled(double factor);

    /**
     * The standard deviation of each component of the relative pose this distribution draws (axis-angle ω about x, y, z
     * in rad, then translation in mm), a C-arm's turn over its orbit left out: the prior of the keypoint pose fit
     * ({@link KeypointHead.Uncertainty}), which takes the orbit angle out first.
     */
    double[] spreadSd();

    /** The C-arm angles the views are spread over ({@link Orbit}: from, to, rad about the reference y axis); {0, 0} about the AP view alone. */
    default double[] orbitRangeRad() {
        return new double[] {0, 0};
    }

    static PoseSampling diffPoseLike() {
        return new Gaussian(new double[] {0.1, 0.2, 0.25}, new double[] {70, 50, 90});
    }

    /** The default: wide Gaussian spreads with heavy tails (see the class comment). */
    static PoseSampling wide() {
        return new Gaussian(new double[] {0.25, 0.25, 0.25}, new double[] {35, 35, 50}, 0.25, 2.0);
    }

    static PoseSampling xvrLike() {
        return new Uniform(new double[] {Math.toRadians(15), Math.toRadians(45), Math.toRadians(15)}, new double[] {50, 50, 150});
    }

    /**
     * "wide", "gaussian" (DiffPose-like) or "uniform" (xvr-like), optionally ":factor", e.g. "gaussian:0.5"; then
     * optionally ",orbit=DEG" (the C-arm turned anywhere within ±DEG about the patient's long axis, {@link Orbit}) or
     * ",orbit=FROM..TO" (C-arm angles in degrees, LAO +, as the sidecars' carm_angle_deg), e.g. "wide,orbit=90",
     * "wide,orbit=-30..25".
     */
    static PoseSampling parse(String s) {
        int comma = s.indexOf(',');
        if (comma >= 0) {
            String o = s.substring(comma + 1);
            if (!o.startsWith("orbit=")) throw new IllegalArgumentException("--sampling: expected ',orbit=DEG' after the spread in '" + s + "'");
            String range = o.substring("orbit=".length());
            int dots = range.indexOf("..", 1);
            try {
                PoseSampling spread = parse(s.substring(0, comma));
                if (dots < 0) {
                    double deg = Double.parseDouble(range);
                    if (!(deg > 0)) throw new IllegalArgumentException("--sampling: the orbit's half range must be positive in '" + s + "'");
                    return Orbit.ofCarmDegrees(spread, -deg, deg);
                }
                return Orbit.ofCarmDegrees(spread, Double.parseDouble(range.substring(0, dots)), Double.parseDouble(range.substring(dots + 2)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--sampling: bad orbit angle in '" + s + "'");
            }
        }
        String[] p = s.split(":");
        PoseSampling base = switch (p[0]) {
            case "wide" -> wide();
            case "gaussian", "diffpose" -> diffPoseLike();
            case "uniform", "xvr" -> xvrLike();
            default -> throw new IllegalArgumentException("--sampling: expected wide, gaussian or uniform[:scale], got '" + s + "'");
        };
        if (p.length == 1) return base;
        try {
            return base.scaled(Double.parseDouble(p[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--sampling: bad scale in '" + s + "'");
        }
    }

    /**
     * Gaussian axis-angle rotation and translation, zero mean; with probability {@code tailFraction} a case is
     * drawn with every spread multiplied by {@code tailScale} (a scale mixture: heavier tails, same centre).
     */
    record Gaussian(double[] rotationSdRad, double[] translationSdMm, double tailFraction, double tailScale) implements PoseSampling {
        public Gaussian {
            requirePositive3("rotationSdRad", rotationSdRad);
            requirePositive3("translationSdMm", translationSdMm);
            if (!(tailFraction >= 0 && tailFraction <= 1)) throw new IllegalArgumentException("tailFraction: must lie in [0, 1], got " + tailFraction);
            if (!(tailScale >= 1)) throw new IllegalArgumentException("tailScale: must be ≥ 1, got " + tailScale);
        }

        public Gaussian(double[] rotationSdRad, double[] translationSdMm) {
            this(rotationSdRad, translationSdMm, 0, 1);
        }

        @Override
        public Rigid sample(RandomGenerator rng) {
            // Without tails no extra draw is taken, so plain Gaussians keep their random streams.
            double s = tailFraction > 0 && rng.nextDouble() < tailFraction ? tailScale : 1;
            double[] w = new double[3];
            double[] t = new double[3];
            for (int a = 0; a < 3; a++) w[a] = s * rotationSdRad[a] * rng.nextGaussian();
            for (int a = 0; a < 3; a++) t[a] = s * translationSdMm[a] * rng.nextGaussian();
            return Rigid.of(Se3.expSO3(w), t);
        }

        @Override
        public PoseSampling scaled(double f) {
            return new Gaussian(mul(rotationSdRad, f), mul(translationSdMm, f), tailFraction, tailScale);
        }

        /** Of the scale mixture: sd·√(1 − f + f·s²) (tail fraction f at s× the spread). */
        @Override
        public double[] spreadSd() {
            double m = Math.sqrt(1 - tailFraction + tailFraction * tailScale * tailScale);
            return new double[] {m * rotationSdRad[0], m * rotationSdRad[1], m * rotationSdRad[2], m * translationSdMm[0], m * translationSdMm[1],
                    m * translationSdMm[2]};
        }

        @Override
        public double extent(Rigid relative) {
            double[] w = Rotations.logSO3(relative.rotation());
            double[] t = relative.translation();
            double worst = 0;
            for (int a = 0; a < 3; a++) worst = Math.max(worst, Math.max(Math.abs(w[a]) / rotationSdRad[a], Math.abs(t[a]) / translationSdMm[a]));
            return worst / (3 * (tailFraction > 0 ? tailScale : 1));
        }

        @Override
        public String describe() {
            String tails = tailFraction > 0 ? String.format(", %.0f %% of cases at %.1f× the spread", 100 * tailFraction, tailScale) : "";
            return "gaussian rot sd " + Arrays.toString(rotationSdRad) + " rad, trans sd " + Arrays.toString(translationSdMm) + " mm" + tails;
        }
    }

    /** Uniform Euler angles R_y(a)·R_x(b)·R_z(c) and uniform translation. */
    record Uniform(double[] eulerHalfRangeRad, double[] translationHalfRangeMm) implements PoseSampling {
        public Uniform {
            requirePositive3("eulerHalfRangeRad", eulerHalfRangeRad);
            requirePositive3("translationHalfRangeMm", translationHalfRangeMm);
        }

        @Override
        public Rigid sample(RandomGenerator rng) {
            double b = eulerHalfRangeRad[0] * (2 * rng.nextDouble() - 1);
            double a = eulerHalfRangeRad[1] * (2 * rng.nextDouble() - 1);
            double c = eulerHalfRangeRad[2] * (2 * rng.nextDouble() - 1);
            double[] t = new double[3];
            for (int k = 0; k < 3; k++) t[k] = translationHalfRangeMm[k] * (2 * rng.nextDouble() - 1);
            Rigid r = Rigid.rotation(new double[] {0, 1, 0}, a)
                    .compose(Rigid.rotation(new double[] {1, 0, 0}, b))
                    .compose(Rigid.rotation(new double[] {0, 0, 1}, c));
            return Rigid.of(r.rotation(), t);
        }

        @Override
        public PoseSampling scaled(double f) {
            return new Uniform(mul(eulerHalfRangeRad, f), mul(translationHalfRangeMm, f));
        }

        /** Half range/√3 per axis (the Euler angle about an axis stands for that axis-angle component: exact for small turns). */
        @Override
        public double[] spreadSd() {
            double r3 = Math.sqrt(3);
            return new double[] {eulerHalfRangeRad[0] / r3, eulerHalfRangeRad[1] / r3, eulerHalfRangeRad[2] / r3, translationHalfRangeMm[0] / r3,
                    translationHalfRangeMm[1] / r3, translationHalfRangeMm[2] / r3};
        }

        @Override
        public double extent(Rigid relative) {
            // The sampler's own Euler angles: R = R_y(a)·R_x(b)·R_z(c) is the intrinsic YXZ sequence.
            double[] e = RotationParams.toEuler(RotationParams.EulerConvention.INTRINSIC_YXZ, relative.rotation());
            double[] t = relative.translation();
            double worst = Math.max(Math.abs(e[0]) / eulerHalfRangeRad[1], Math.max(Math.abs(e[1]) / eulerHalfRangeRad[0], Math.abs(e[2]) / eulerHalfRangeRad[2]));
            for (int a = 0; a < 3; a++) worst = Math.max(worst, Math.abs(t[a]) / translationHalfRangeMm[a]);
            return worst;
        }

        @Override
        public String describe() {
            double[] deg = Arrays.stream(eulerHalfRangeRad).map(Math::toDegrees).toArray();
            return "uniform euler ±" + Arrays.toString(deg) + " deg (x,y,z), trans ±" + Arrays.toString(translationHalfRangeMm) + " mm";
        }
    }

    /**
     * A C-arm acquisition anywhere on (part of) the orbit: the case pose of {@code spread} (the patient's placement
     * about the AP view), then the C-arm turned about the isocentre's y axis (image rows, ≈ the patient's long axis:
     * LAO/RAO) by an angle θ drawn uniformly from [fromRad, toRad]: Δ = Δ_spread · R_y(θ), as {@link ViewLayout} turns
     * the views of a case. Why: C-arms image from any angle of their orbit (lateral views included); a network that has
     * seen only views near AP cannot place anything in a lateral view. θ is in the reference isocentre frame;
     * {@link #ofCarmDegrees} converts C-arm (LAO +) angles.
     */
    record Orbit(PoseSampling spread, double fromRad, double toRad) implements PoseSampling {
        /** Angle grid of {@link #extent}: fine enough that the spread's extent changes little between points. */
        private static final double EXTENT_STEP_RAD = Math.toRadians(1);

        public Orbit {
            if (spread instanceof Orbit) throw new IllegalArgumentException("orbit: the spread must not itself be an orbit");
            if (!(fromRad <= toRad) || fromRad < -Math.PI || toRad > Math.PI) {
                throw new IllegalArgumentException("orbit: need −180° ≤ from ≤ to ≤ 180°, got " + Math.toDegrees(fromRad) + "°.." + Math.toDegrees(toRad) + "°");
            }
        }

        /** The orbit between two C-arm angles (degrees, LAO +: {@link org.crossview.geometry.CArm}'s and the sidecars' sign). */
        public static Orbit ofCarmDegrees(PoseSampling spread, double fromLaoDeg, double toLaoDeg) {
            if (!(fromLaoDeg <= toLaoDeg)) throw new IllegalArgumentException("orbit: need from ≤ to (C-arm degrees, LAO +), got " + fromLaoDeg + ".." + toLaoDeg);
            double a = turnOfCarmDegrees(fromLaoDeg), b = turnOfCarmDegrees(toLaoDeg);
            return new Orbit(spread, Math.min(a, b), Math.max(a, b));
        }

        /** The reference-frame turn θ of a C-arm angle: the C-arm at LAO α sees the AP view turned by R_y(θ(α)). */
        public static double turnOfCarmDegrees(double laoDeg) {
            return -Math.toRadians(laoDeg);
        }

        @Override
        public Rigid sample(RandomGenerator rng) {
            Rigid patient = spread.sample(rng);
            return patient.compose(turn(fromRad + (toRad - fromRad) * rng.nextDouble()));
        }

        @Override
        public double[] orbitRangeRad() {
            return new double[] {fromRad, toRad};
        }

        /** The spread's: the turn is left out. */
        @Override
        public double[] spreadSd() {
            return spread.spreadSd();
        }

        /** The spread's extent of Δ·R_y(−θ), at the best θ of the orbit (a 1° grid). */
        @Override
        public double extent(Rigid relative) {
            double best = Double.POSITIVE_INFINITY;
            int n = Math.max(1, (int) Math.ceil((toRad - fromRad) / EXTENT_STEP_RAD));
            for (int i = 0; i <= n; i++) best = Math.min(best, spread.extent(relative.compose(turn(-(fromRad + (toRad - fromRad) * i / n)))));
            return best;
        }

        @Override
        public PoseSampling scaled(double factor) {
            return new Orbit(spread.scaled(factor), fromRad, toRad);
        }

        @Override
        public String describe() {
            double a = -Math.toDegrees(toRad), b = -Math.toDegrees(fromRad);
            return spread.describe() + String.format(Locale.ROOT, ", C-arm anywhere from %.0f° to %.0f° (LAO +) about the long axis", a, b);
        }

        /** R_y(angle) about the isocentre: a C-arm turn (LAO/RAO). */
        static Rigid turn(double angleRad) {
            return Rigid.rotation(new double[] {0, 1, 0}, angleRad);
        }
    }

    private static double[] mul(double[] a, double f) {
        if (!(f > 0)) throw new IllegalArgumentException("sampling scale: must be positive, got " + f);
        return Arrays.stream(a).map(x -> x * f).toArray();
    }

    private static void requirePositive3(String what, double[] a) {
        if (a == null || a.length != 3) throw new IllegalArgumentException(what + ": expected 3 values");
        for (double x : a) {
            if (!(x > 0) || !Double.isFinite(x)) throw new IllegalArgumentException(what + ": values must be positive, got " + Arrays.toString(a));
        }
    }
}

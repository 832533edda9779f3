package org.crossview.coarse;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.crossview.geometry.Rigid;

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
 * </ul>
 * {@link #scaled} shrinks either for small tutorial runs.
 */
public interface PoseSampling {

    /** One relative pose Δ. */
    Rigid sample(RandomGenerator rng);

    /** A short description for logs. */
    String describe();

    /** The same family with every spread multiplied by {@code factor}. */
    PoseSampling scaled(double factor);

    static PoseSampling diffPoseLike() {
        return new Gaussian(new double[] {0.1, 0.2, 0.25}, new double[] {70, 50, 90});
    }

    static PoseSampling xvrLike() {
        return new Uniform(new double[] {Math.toRadians(15), Math.toRadians(45), Math.toRadians(15)}, new double[] {50, 50, 150});
    }

    /** "gaussian" (DiffPose-like) or "uniform" (xvr-like), optionally ":factor", e.g. "gaussian:0.5". */
    static PoseSampling parse(String s) {
        String[] p = s.split(":");
        PoseSampling base = switch (p[0]) {
            case "gaussian", "diffpose" -> diffPoseLike();
            case "uniform", "xvr" -> xvrLike();
            default -> throw new IllegalArgumentException("--sampling: expected gaussian or uniform[:scale], got '" + s + "'");
        };
        if (p.length == 1) return base;
        try {
            return base.scaled(Double.parseDouble(p[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--sampling: bad scale in '" + s + "'");
        }
    }

    /** Gaussian axis-angle rotation and translation, zero mean. */
    record Gaussian(double[] rotationSdRad, double[] translationSdMm) implements PoseSampling {
        public Gaussian {
            requirePositive3("rotationSdRad", rotationSdRad);
            requirePositive3("translationSdMm", translationSdMm);
        }

        @Override
        public Rigid sample(RandomGenerator rng) {
            double[] w = new double[3];
            double[] t = new double[3];
            for (int a = 0; a < 3; a++) w[a] = rotationSdRad[a] * rng.nextGaussian();
            for (int a = 0; a < 3; a++) t[a] = translationSdMm[a] * rng.nextGaussian();
            return Rigid.of(Se3.expSO3(w), t);
        }

        @Override
        public PoseSampling scaled(double f) {
            return new Gaussian(mul(rotationSdRad, f), mul(translationSdMm, f));
        }

        @Override
        public String describe() {
            return "gaussian rot sd " + Arrays.toString(rotationSdRad) + " rad, trans sd " + Arrays.toString(translationSdMm) + " mm";
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

        @Override
        public String describe() {
            double[] deg = Arrays.stream(eulerHalfRangeRad).map(Math::toDegrees).toArray();
            return "uniform euler ±" + Arrays.toString(deg) + " deg (x,y,z), trans ±" + Arrays.toString(translationHalfRangeMm) + " mm";
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

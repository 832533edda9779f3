package org.crossview.loss;

import org.crossview.geometry.Rigid;
import org.crossview.geometry.Rotations;
import org.crossview.geometry.Se3Tangents;

/**
 * The pose losses of DESIGN.md §4, each with its gradient with respect to the right perturbation of the
 * predicted pose (see {@link PoseDistance}). With R̂, t̂ the predicted and R, t the target rotation and
 * translation:
 * <ul>
 * <li>geodesic θ = ‖log(R̂ᵀR)‖ (rad): ∂θ/∂ω = −φ/θ with φ = log(R̂ᵀR), ∂θ/∂v = 0;
 * <li>translation ‖t̂ − t‖ (mm): ∂/∂v = R̂ᵀ(t̂ − t)/‖t̂ − t‖, ∂/∂ω = 0 (translation of T̂·exp(ξ) is t̂ + R̂v + O(ξ²));
 * <li>double geodesic sqrt((sdd/2·θ)² + ‖t̂ − t‖²) (mm, DiffPose): smooth wherever it is non-zero, since
 *     θ·∂θ/∂ω = −φ is smooth through θ = 0;
 * <li>log-SE(3) ‖S·log(T̂·T⁻¹)‖ with S = diag(s, s, s, 1, 1, 1), s in mm per radian (1 by default as in
 *     DESIGN.md): T̂·exp(ξ)·T⁻¹ = X·exp(Ad_T ξ) with X = T̂T⁻¹, so ∂/∂ξ = Ad_Tᵀ·J_r(ζ)⁻ᵀ·S²ζ/‖Sζ‖, ζ = log X.
 * </ul>
 * Near θ = π the rotation axis comes from the symmetric part of the rotation ({@link Rotations#logSO3}), so
 * nothing divides by sin θ; at θ = 0 or d = 0 the gradient is the zero subgradient.
 */
public final class PoseDistances {
    /**
     * Largest translation component accepted (mm): beyond ~1e154 mm the squares in the norms overflow to ∞, and
     * sums of several distances sooner; nothing an X-ray images is within many orders of magnitude of this.
     */
    public static final double MAX_TRANSLATION_MM = 1e100;

    private PoseDistances() {}

    public static PoseDistance geodesic() {
        return new Named("geodesic-rad", (p, t) -> {
            double[] phi = relativeRotation(p, t);
            double th = norm3(phi);
            double[] g = new double[6];
            if (th > 0) for (int i = 0; i < 3; i++) g[i] = -phi[i] / th;
            return new PoseTerm(th, g);
        });
    }

    public static PoseDistance translation() {
        return new Named("translation-mm", (p, t) -> {
            double[] dt = translationDifference(p, t);
            double d = norm3(dt);
            double[] g = new double[6];
            if (d > 0) {
                double[] r = p.rotation();
                for (int j = 0; j < 3; j++) g[3 + j] = (r[j] * dt[0] + r[3 + j] * dt[1] + r[6 + j] * dt[2]) / d;
            }
            return new PoseTerm(d, g);
        });
    }

    /** sqrt((sdd/2·θ)² + ‖t̂ − t‖²), sdd = source-to-detector distance in mm. */
    public static PoseDistance doubleGeodesic(double sourceToDetectorMm) {
        if (!(sourceToDetectorMm > 0) || !Double.isFinite(sourceToDetectorMm)) {
            throw new IllegalArgumentException("sourceToDetectorMm: must be positive and finite, got " + sourceToDetectorMm);
        }
        double c = sourceToDetectorMm / 2;
        return new Named("double-geodesic-mm", (p, t) -> {
            double[] phi = relativeRotation(p, t);
            double[] dt = translationDifference(p, t);
            double th = norm3(phi), d = norm3(dt);
            double value = Math.hypot(c * th, d);
            double[] g = new double[6];
            if (value > 0) {
                double[] r = p.rotation();
                // c·(cφ/value), not c²φ/value: cφ/value is at most 1, while c² overflows for sdd beyond ~1e154 mm.
                for (int i = 0; i < 3; i++) g[i] = -c * (c * phi[i] / value);
                for (int j = 0; j < 3; j++) g[3 + j] = (r[j] * dt[0] + r[3 + j] * dt[1] + r[6 + j] * dt[2]) / value;
            }
            return new PoseTerm(value, g);
        });
    }

    public static PoseDistance logSe3() {
        return logSe3(1);
    }

    /** ‖S·log(T̂·T⁻¹)‖ with the rotation part scaled by {@code rotationScaleMm} (mm per radian). */
    public static PoseDistance logSe3(double rotationScaleMm) {
        if (!(rotationScaleMm > 0) || !Double.isFinite(rotationScaleMm)) {
            throw new IllegalArgumentException("rotationScaleMm: must be positive and finite, got " + rotationScaleMm);
        }
        double s2 = rotationScaleMm * rotationScaleMm;
        return new Named(rotationScaleMm == 1 ? "log-se3" : "log-se3-s" + rotationScaleMm, (p, t) -> {
            double[] zeta = p.compose(t.inverse()).log();
            double value = Math.sqrt(s2 * (zeta[0] * zeta[0] + zeta[1] * zeta[1] + zeta[2] * zeta[2])
                    + zeta[3] * zeta[3] + zeta[4] * zeta[4] + zeta[5] * zeta[5]);
            if (value == 0) return new PoseTerm(0, new double[6]);
            double[] dz = new double[6];
            for (int i = 0; i < 6; i++) dz[i] = (i < 3 ? s2 : 1) * zeta[i] / value;
            double[] dEta = Se3Tangents.pullThroughLog(zeta, dz);
            return new PoseTerm(value, Se3Tangents.adjointTranspose(t, dEta));
        });
    }

    /** By name: geodesic, translation, double-geodesic (needs sdd), log-se3. */
    public static PoseDistance byName(String name, double sourceToDetectorMm) {
        return switch (name) {
            case "geodesic" -> geodesic();
            case "translation" -> translation();
            case "double-geodesic" -> doubleGeodesic(sourceToDetectorMm);
            case "log-se3" -> logSe3();
            default -> throw new IllegalArgumentException("pose distance: unknown '" + name + "' (geodesic, translation, double-geodesic, log-se3)");
        };
    }

    /** φ = log(R̂ᵀR). */
    private static double[] relativeRotation(Rigid predicted, Rigid target) {
        double[] a = predicted.rotation(), b = target.rotation(), q = new double[9];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) {
            q[i * 3 + j] = a[i] * b[j] + a[3 + i] * b[3 + j] + a[6 + i] * b[6 + j];
        }
        return Rotations.logSO3(q);
    }

    private static double[] translationDifference(Rigid predicted, Rigid target) {
        double[] a = predicted.translation(), b = target.translation();
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static double norm3(double[] x) {
        return Math.sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
    }

    private static void requireTranslationWithinBound(String what, Rigid pose) {
        for (double x : pose.translation()) {
            if (!(Math.abs(x) <= MAX_TRANSLATION_MM)) {
                throw new IllegalArgumentException(what + ": translation component " + x + " mm exceeds " + MAX_TRANSLATION_MM + " mm");
            }
        }
    }

    private interface Fn {
        PoseTerm apply(Rigid predicted, Rigid target);
    }

    private record Named(String name, Fn fn) implements PoseDistance {
        @Override
        public PoseTerm evaluate(Rigid predicted, Rigid target) {
            if (predicted == null || target == null) throw new IllegalArgumentException(name + ": both poses are required");
            requireTranslationWithinBound(name + ": predicted pose", predicted);
            requireTranslationWithinBound(name + ": target pose", target);
            return fn.apply(predicted, target);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}

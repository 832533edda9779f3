package org.crossview.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.crossview.geometry.CArm;
import org.crossview.geometry.Rigid;

/**
 * Poses of simulated multi-view cases (DESIGN.md §5), built with {@link CArm}: each case is a patient pose perturbed
 * around the nominal AP view (source posterior, camera +x ≈ patient left, +y ≈ inferior, isocentre
 * {@code sourceToIsoMm} from the source); its views are C-arm (LAO/RAO) rotations about the patient's long axis
 * through the isocentre, successive views
 * {@code minSepDeg}–{@code maxSepDeg} apart, the set centred near AP. A positive C-arm angle moves the detector
 * to the patient's left (LAO). A fraction of the cases (spread evenly) is stored upside down ({@code rot-180-for-up} = 1), as in DeepFluoro:
 * their pose composes a 180° rotation about the camera z axis.
 */
public final class CaseSampler {
    public record Settings(double sourceToIsoMm, double rotationSdDeg, double translationSdMm, double minSepDeg, double maxSepDeg,
            double centreSdDeg, double rot180Fraction) {
        public Settings {
            if (!(sourceToIsoMm > 0)) throw new IllegalArgumentException("sourceToIsoMm: must be positive");
            if (!(minSepDeg >= 0) || !(maxSepDeg >= minSepDeg)) throw new IllegalArgumentException("separation: need 0 ≤ min ≤ max, got " + minSepDeg + ".." + maxSepDeg);
            if (!(rot180Fraction >= 0 && rot180Fraction <= 1)) throw new IllegalArgumentException("rot180Fraction: must be in [0,1], got " + rot180Fraction);
        }

        /** 750 mm to the isocentre, case perturbation 5° and 10 mm (sd), views 15–45° apart, every other case upside down. */
        public static Settings defaults() {
            return new Settings(750, 5, 10, 15, 45, 10, 0.5);
        }
    }

    /** One case: the stored pose of each view (turn included), its nominal C-arm angle, and the flag. */
    public record CasePlan(int index, List<Rigid> volFromCam, List<Double> carmAngleDeg, boolean rot180ForUp) {}

    private final Settings settings;

    public CaseSampler(Settings settings) {
        this.settings = settings;
    }

    public List<CasePlan> sample(double[] isoLps, int cases, int viewsPerCase, long seed) {
        if (cases < 1 || viewsPerCase < 1) throw new IllegalArgumentException("cases and views per case must be ≥ 1, got " + cases + " and " + viewsPerCase);
        Random rnd = new Random(seed);
        List<CasePlan> out = new ArrayList<>();
        for (int c = 0; c < cases; c++) {
            // the patient lies a little turned and shifted on the table: perturb the isocentre frame
            double sd = Math.toRadians(settings.rotationSdDeg());
            Rigid perturb = Rigid.exp(sd * rnd.nextGaussian(), sd * rnd.nextGaussian(), sd * rnd.nextGaussian(), 0, 0, 0);
            double t = settings.translationSdMm();
            Rigid volFromIso = Rigid.translation(isoLps[0] + t * rnd.nextGaussian(), isoLps[1] + t * rnd.nextGaussian(), isoLps[2] + t * rnd.nextGaussian())
                    .compose(perturb);
            CArm carm = new CArm(volFromIso, settings.sourceToIsoMm());
            double[] angles = new double[viewsPerCase];
            for (int v = 1; v < viewsPerCase; v++) angles[v] = angles[v - 1] + settings.minSepDeg() + rnd.nextDouble() * (settings.maxSepDeg() - settings.minSepDeg());
            double shift = -angles[viewsPerCase - 1] / 2 + settings.centreSdDeg() * rnd.nextGaussian();
            // spread evenly: case c is turned when ⌊(c+1)·f⌋ > ⌊c·f⌋ (f = 0.5: cases 1, 3, 5, ...)
            boolean turned = Math.floor((c + 1) * settings.rot180Fraction()) > Math.floor(c * settings.rot180Fraction());
            List<Rigid> poses = new ArrayList<>();
            List<Double> deg = new ArrayList<>();
            for (int v = 0; v < viewsPerCase; v++) {
                double a = angles[v] + shift;
                Rigid p = carm.volFromCam(a, 0);
                poses.add(turned ? p.compose(DeepFluoroGeometry.rot180AboutCamZ()) : p);
                deg.add(a);
            }
            out.add(new CasePlan(c, poses, deg, turned));
        }
        return out;
    }
}

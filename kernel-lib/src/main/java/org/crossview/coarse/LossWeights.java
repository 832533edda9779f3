package org.crossview.coarse;

/**
 * The four switches of the coarse loss (DESIGN.md §4): total = λp·pose + λI·image + λxp·cross-pose +
 * λxI·cross-image. A zero weight switches its term off entirely (not computed), so an ablation trains
 * any subset. The seed paper's values are unverified; the defaults follow DiffPose (λI = 1, λp = 0.01
 * for a pose term in millimetres) and give the cross-view terms the same weights as their single-view
 * counterparts.
 */
public record LossWeights(double pose, double image, double crossPose, double crossImage) {
    public LossWeights {
        double[] all = {pose, image, crossPose, crossImage};
        for (double w : all) {
            if (!(w >= 0) || !Double.isFinite(w)) throw new IllegalArgumentException("--weights: every λ must be finite and ≥ 0, got " + this);
        }
        if (pose + image + crossPose + crossImage == 0) throw new IllegalArgumentException("--weights: at least one λ must be positive");
    }

    public static LossWeights defaults() {
        return new LossWeights(0.01, 1, 0.01, 1);
    }

    /** "λp,λI,λxp,λxI", e.g. "0.01,1,0.01,1". */
    public static LossWeights parse(String s) {
        String[] p = s.split(",");
        if (p.length != 4) throw new IllegalArgumentException("--weights: expected four numbers λp,λI,λxp,λxI, got '" + s + "'");
        try {
            return new LossWeights(Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim()), Double.parseDouble(p[2].trim()),
                    Double.parseDouble(p[3].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--weights: not a number in '" + s + "'");
        }
    }

    public String format() {
        return fmt(pose) + "," + fmt(image) + "," + fmt(crossPose) + "," + fmt(crossImage);
    }

    private static String fmt(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e9 ? Long.toString((long) x) : Double.toString(x);
    }
}

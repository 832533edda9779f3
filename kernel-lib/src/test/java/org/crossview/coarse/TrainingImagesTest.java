package org.crossview.coarse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.crossview.coarse.DomainRandomisation.Nuisance;
import org.crossview.coarse.physics.Collimator;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.junit.jupiter.api.Test;

class TrainingImagesTest {
    private static final Camera CAMERA = CoarseRun.camera(24);
    private static final Rigid POSE = Rigid.exp(0, 0, 0, 0, 0, 750);

    /** A line-integral image with air (0) in its top rows and up to 6 (bone-like) elsewhere. */
    private static float[] drr(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[24 * 24];
        for (int i = 4 * 24; i < d.length; i++) d[i] = (float) (6 * r.nextDouble());
        return d;
    }

    private static float[] standardised(float[] x) {
        float[] y = x.clone();
        NetworkInput.standardise(y);
        return y;
    }

    @Test
    void withEverythingOffTheChainIsPlainPreprocessingOfTheDrr() {
        TrainingImages images = new TrainingImages(DomainRandomisation.parse("none"), new double[3]);
        float[] d = drr(3);
        SplittableRandom rng = new SplittableRandom(5);
        TrainingImages.CaseDraw cd = images.drawCase(rng);
        float[] x = images.networkInput(CAMERA, POSE, d, ExtraVolumes.View.NONE, cd, rng);
        // −log(I0·e^−DRR / Î0) with Î0 = I0 from the air rows: the DRR itself, standardised.
        assertArrayEquals(standardised(d), x, 2e-4f);
    }

    @Test
    void legacyIsTheFormerLogDomainAugmentation() {
        TrainingImages images = new TrainingImages(DomainRandomisation.parse("legacy"), new double[3]);
        float[] d = drr(4), bone = drr(9);
        float[] x = images.networkInput(CAMERA, POSE, d, new ExtraVolumes.View(bone, null, null), null, new SplittableRandom(11));
        float[] expected = d.clone();
        Augmentation.defaults().apply(expected, bone, 24, 24, new SplittableRandom(11));
        assertArrayEquals(standardised(expected), x, 0f);
    }

    @Test
    void fallOffAloneMultipliesTheRawImageByCosPowerK() {
        TrainingImages images = new TrainingImages(DomainRandomisation.parse("none,falloff"), new double[3]);
        float[] d = drr(6);
        TrainingImages.CaseDraw cd = new TrainingImages.CaseDraw(1, 0, 0, List.of(), 3, 0, 0, Collimator.open());
        float[] raw = images.rawCounts(CAMERA, POSE, d, ExtraVolumes.View.NONE, cd, new SplittableRandom(2));
        double sdd = CAMERA.sourceToDetectorMm();
        // raw = I0·cos³θ·e^−DRR with an unknown I0: the ratio between two pixels is known.
        int a = 5 * 24 + 3, b = 20 * 24 + 17;
        double ratio = (raw[a] * Math.exp(d[a])) / (raw[b] * Math.exp(d[b]));
        assertEquals(Math.pow(cosTheta(a, sdd) / cosTheta(b, sdd), 3), ratio, 1e-4);
    }

    private static double cosTheta(int pixel, double sdd) {
        double x = (pixel % 24 - CAMERA.cx()) * CAMERA.pixelColSpacingMm(), y = (pixel / 24 - CAMERA.cy()) * CAMERA.pixelRowSpacingMm();
        return sdd / Math.sqrt(sdd * sdd + x * x + y * y);
    }

    @Test
    void reproducibleAndEveryComponentChangesTheImage() {
        float[] d = drr(8);
        ExtraVolumes.View extra = new ExtraVolumes.View(drr(12), drr(13), drr(14));
        float[] all1 = image("all", d, extra, 21), all2 = image("all", d, extra, 21);
        assertArrayEquals(all1, all2, 0f);
        assertFalse(java.util.Arrays.equals(all1, image("all", d, extra, 22)), "another seed, another image");
        // Dropping a component changes the result; with a seed where its draw is active (collimation and tissue are drawn with a probability).
        for (Nuisance n : EnumSet.allOf(Nuisance.class)) {
            boolean changed = false;
            for (long seed = 30; seed < 40 && !changed; seed++) {
                changed = !java.util.Arrays.equals(image("all", d, extra, seed), image("all,-" + n.key(), d, extra, seed));
            }
            assertTrue(changed, n + " has an effect");
        }
    }

    private static float[] image(String spec, float[] d, ExtraVolumes.View extra, long seed) {
        TrainingImages images = new TrainingImages(DomainRandomisation.parse(spec), new double[] {0, 0, 0});
        SplittableRandom rng = new SplittableRandom(seed);
        return images.networkInput(CAMERA, POSE, d, extra, images.drawCase(rng), rng);
    }

    @Test
    void specsParseAndBadOnesNameTheOption() {
        assertEquals(EnumSet.allOf(Nuisance.class), DomainRandomisation.parse("all").components());
        assertEquals(EnumSet.of(Nuisance.NOISE, Nuisance.BLUR), DomainRandomisation.parse("none,noise,+blur").components());
        DomainRandomisation d = DomainRandomisation.parse("all,-objects,-scatter");
        assertFalse(d.has(Nuisance.OBJECTS) || d.has(Nuisance.SCATTER));
        assertTrue(d.has(Nuisance.TISSUE) && d.needsTissueImages() && d.needsBoneImage());
        assertTrue(DomainRandomisation.parse("legacy").isLegacy());
        assertFalse(DomainRandomisation.parse("none").needsBoneImage());
        for (String bad : new String[] {"", "some", "all,-rust", "legacy,-noise"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DomainRandomisation.parse(bad));
            assertTrue(e.getMessage().startsWith("--domain-rand"), e.getMessage());
        }
    }
}

package org.crossview.refine;

import java.nio.file.Path;
import org.crossview.data.CaseSampler;
import org.crossview.data.Segmentation;
import org.crossview.data.SimulatedDataset;
import org.crossview.volume.Attenuation;
import org.crossview.volume.Phantom;
import org.crossview.volume.PelvisPhantom;

/**
 * Writes the simulated cases that {@link Verdict}'s thresholds were chosen on (not a test): the pelvis
 * phantom, our own X-ray simulator (Poisson noise, blur), DeepFluoro-like wide pose spreads (15° and 30 mm sd
 * per axis; DESIGN.md §5), views 15–35° apart, every other case upside down. Then register and evaluate it:
 * <pre>
 * java -cp kernel-lib/target/test-classes:$(cat build/app-classpath.txt) org.crossview.refine.StartVerdictCalibration /tmp/cal.h5 12 7
 * ./crossview register --data /tmp/cal.h5 --relative /tmp/cal.json --init ap --out /tmp/cal.csv
 * ./crossview register --data /tmp/cal.h5 --relative /tmp/cal.json --init ap --search off --retries 0 --out /tmp/cal-plain.csv
 * ./crossview evaluate --data /tmp/cal.h5 --poses /tmp/cal.csv      (and cal-plain.csv)
 * </pre>
 * The plain starts give failed cases, the searched ones converged cases; the per-case lines of evaluate list
 * each case's verdict numbers beside its mTRE.
 */
public final class StartVerdictCalibration {
    private StartVerdictCalibration() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) throw new IllegalArgumentException("usage: StartVerdictCalibration OUT.h5 CASES SEED");
        Path out = Path.of(args[0]);
        int cases = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        Phantom p = PelvisPhantom.generate(2.0);
        SimulatedDataset.Source src = new SimulatedDataset.Source("00-phantom", p.hu(), Segmentation.of(p.labels(), Phantom.LABEL_NAMES), p.landmarksLps());
        SimulatedDataset.Settings s = SimulatedDataset.Settings.defaults().withCases(cases, 3).withSeed(seed)
                .withPoses(new CaseSampler.Settings(750, 15, 30, 15, 35, 10, 0.5));
        SimulatedDataset.Result r = SimulatedDataset.simulate(src, s, Attenuation::fromHu, System.err::println);
        System.err.println("wrote " + out + " and " + SimulatedDataset.write(out, r));
    }
}

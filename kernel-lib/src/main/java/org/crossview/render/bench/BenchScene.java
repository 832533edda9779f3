package org.crossview.render.bench;

import java.util.Random;
import java.util.stream.IntStream;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.volume.Volume;

/**
 * The benchmark's scene, shared by our renderers and plastimatch so both do the same work: a cubic volume
 * of 1 mm voxels centred on the LPS origin, a 400 mm square detector 1020 mm from the source, the source
 * 750 mm from the volume's centre, and poses turning about the volume's k (superior) axis like a gantry.
 */
public final class BenchScene {
    public static final double SOURCE_TO_DETECTOR_MM = 1020;
    public static final double SOURCE_TO_CENTRE_MM = 750;
    public static final double DETECTOR_MM = 400;

    private BenchScene() {}

    public static Camera camera(int size) {
        return Camera.centred(size, size, DETECTOR_MM / size, DETECTOR_MM / size, SOURCE_TO_DETECTOR_MM);
    }

    /**
     * volFromCam for gantry angle {@code angleDeg}: at 0° the source sits at LPS (+750, 0, 0) and the beam
     * runs along −L; camera +x is +P and camera +y is +S. Angles turn the source about the S axis.
     */
    public static Rigid gantryPose(double angleDeg) {
        Rigid atZero = Rigid.of(new double[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, new double[] {SOURCE_TO_CENTRE_MM, 0, 0});
        return Rigid.rotation(new double[] {0, 0, 1}, Math.toRadians(angleDeg)).compose(atZero);
    }

    public static Rigid[] gantryPoses(int count, double spacingDeg) {
        Rigid[] poses = new Rigid[count];
        for (int i = 0; i < count; i++) poses[i] = gantryPose(i * spacingDeg);
        return poses;
    }

    /**
     * A deterministic smooth stand-in for a CT in attenuation (1/mm): an elliptic soft-tissue body
     * (μ_water = 0.02) with a soft edge, and a few dozen Gaussian "bones" inside it, air outside.
     */
    public static Volume syntheticVolume(int n, long seed) {
        return syntheticVolume(n, n, n, seed);
    }

    /**
     * The same voxels and spacing re-placed for the benchmark: identity direction, centred on the LPS origin (what
     * {@link PlastimatchDrr} assumes). The anatomy may then face another way than in the file; the work per DRR is
     * the same, and the gantry still turns about the volume's third (slice) axis.
     */
    public static Volume centred(Volume v) {
        double[] s = v.spacingMm();
        double[] origin = {-(v.nx() - 1) / 2.0 * s[0], -(v.ny() - 1) / 2.0 * s[1], -(v.nz() - 1) / 2.0 * s[2]};
        return new Volume(v.nx(), v.ny(), v.nz(), s, origin, v.data());
    }

    /** The same on an nx×ny×nz grid of 1 mm voxels (e.g. DeepFluoro-sized 400×400×300), centred on the LPS origin. */
    public static Volume syntheticVolume(int nx, int ny, int nz, long seed) {
        double hx = (nx - 1) / 2.0, hy = (ny - 1) / 2.0, hz = (nz - 1) / 2.0;
        int nMin = Math.min(nx, Math.min(ny, nz));
        Random rnd = new Random(seed);
        int blobs = 24;
        double[][] b = new double[blobs][5];
        for (double[] blob : b) {
            blob[0] = (rnd.nextDouble() - 0.5) * 0.8 * nx * 0.7;
            blob[1] = (rnd.nextDouble() - 0.5) * 0.8 * ny * 0.5;
            blob[2] = (rnd.nextDouble() - 0.5) * 0.8 * nz;
            blob[3] = 4 + rnd.nextDouble() * 0.06 * nMin; // σ in voxels
            blob[4] = 0.01 + 0.03 * rnd.nextDouble();
        }
        float[] data = new float[Math.multiplyExact(Math.multiplyExact(nx, ny), nz)];
        double ax = 0.45 * nx, ay = 0.32 * ny, az = 0.49 * nz;
        IntStream.range(0, nz).parallel().forEach(k -> {
            double z = k - hz;
            for (int j = 0; j < ny; j++) {
                double y = j - hy;
                for (int i = 0; i < nx; i++) {
                    double x = i - hx;
                    double r = Math.sqrt((x / ax) * (x / ax) + (y / ay) * (y / ay) + (z / az) * (z / az));
                    double mu = 0.02 / (1 + Math.exp((r - 1) * ax / 2.0)); // ≈ 2-voxel soft edge
                    for (double[] blob : b) {
                        double dx = x - blob[0], dy = y - blob[1], dz = z - blob[2];
                        double q = (dx * dx + dy * dy + dz * dz) / (2 * blob[3] * blob[3]);
                        if (q < 12) mu += blob[4] * Math.exp(-q);
                    }
                    data[i + nx * (j + ny * k)] = (float) mu;
                }
            }
        });
        return new Volume(nx, ny, nz, new double[] {1, 1, 1}, new double[] {-hx, -hy, -hz}, data);
    }
}

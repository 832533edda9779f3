package org.crossview.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;

/** Small DeepFluoro-layout datasets with random content and exact geometry, for reader/writer tests. */
final class TestDatasets {
    private TestDatasets() {}

    /** 48×48 pixels of 6.208 mm: the DeepFluoro detector binned 32×. */
    static Camera smallCamera() {
        return Camera.deepFluoroFullRes().binned(32);
    }

    /** An AP view (source posterior, +x left, +y inferior) of {@code isoLps} from 750 mm, turned by angles. */
    static Rigid apView(double[] isoLps, double lao, double tilt, double roll) {
        Rigid ap = Rigid.of(1, 0, 0, isoLps[0], 0, 0, 1, isoLps[1] + 750, 0, -1, 0, isoLps[2]);
        // rotate the source about the isocentre: volFromCam = Tiso · R · Tiso⁻¹ · ap
        Rigid r = Rigid.rotation(new double[] {0, 0, 1}, lao).compose(Rigid.rotation(new double[] {1, 0, 0}, tilt));
        Rigid aboutIso = Rigid.translation(isoLps[0], isoLps[1], isoLps[2]).compose(r).compose(Rigid.translation(-isoLps[0], -isoLps[1], -isoLps[2]));
        return aboutIso.compose(ap).compose(Rigid.rotation(new double[] {0, 0, 1}, roll));
    }

    static DeepFluoroWriter.Specimen specimen(String name, Camera cam, Rigid camFromWorld, int views, long seed) {
        Random rnd = new Random(seed);
        int nx = 20, ny = 18, nz = 14;
        float[] hu = new float[nx * ny * nz];
        float[] labels = new float[hu.length];
        for (int n = 0; n < hu.length; n++) {
            hu[n] = (float) (rnd.nextGaussian() * 400);
            labels[n] = rnd.nextInt(3);
        }
        double[] spacing = {2.5, 2.0, 3.0};
        double[] origin = {-25.0, -18.0, 100.0};
        Volume vol = new Volume(nx, ny, nz, spacing, origin, hu);
        Segmentation seg = Segmentation.of(vol.withData(labels), Map.of(1, "left-thing", 2, "right-thing"));
        Map<String, double[]> lands = new LinkedHashMap<>();
        lands.put("A-l", vol.indexToLps(3, 4, 5));
        lands.put("B-r", vol.indexToLps(15, 10, 2.5));
        lands.put("C", vol.indexToLps(9.5, 8.5, 6.5));
        lands.put("far-away", new double[] {400, 0, 120}); // outside every image
        double[] iso = vol.centreLps();
        List<DeepFluoroWriter.Projection> ps = new ArrayList<>();
        for (int v = 0; v < views; v++) {
            Rigid volFromCam = apView(iso, Math.toRadians(-30 + 20 * v), Math.toRadians(rnd.nextGaussian() * 5), v == views - 1 ? Math.PI : 0);
            Map<String, double[]> uv = new LinkedHashMap<>();
            for (var e : lands.entrySet()) uv.put(e.getKey(), DeepFluoroGeometry.project(cam, volFromCam, e.getValue()));
            float[] px = new float[cam.cols() * cam.rows()];
            float[] sg = new float[px.length];
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) (1e4 * rnd.nextDouble());
                sg[i] = rnd.nextInt(3);
            }
            Rigid p = DeepFluoroGeometry.camToVol(volFromCam, camFromWorld, DeepFluoroGeometry.PoseShift.NONE);
            ps.add(new DeepFluoroWriter.Projection(String.format("%03d", v), new Image(cam.cols(), cam.rows(), px), uv,
                    new GtPoses(p, p, Rigid.translation(1, 2, 3).compose(p), true, false), new Image(cam.cols(), cam.rows(), sg), v == views - 1));
        }
        return new DeepFluoroWriter.Specimen(name, vol, seg, lands, ps);
    }

    static Path write(Path out, int views) throws Exception {
        Camera cam = smallCamera();
        ProjParams params = ProjParams.of(cam, ProjParams.ciosFusionExtrinsic());
        return DeepFluoroWriter.write(out, params, List.of(specimen("17-1882", cam, params.camFromWorld(), views, 1),
                specimen("18-1109", cam, params.camFromWorld(), 2, 2)));
    }
}

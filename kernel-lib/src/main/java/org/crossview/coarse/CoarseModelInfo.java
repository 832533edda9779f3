package org.crossview.coarse;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;

/**
 * What a trained coarse model needs besides its weights to turn images into poses, stored as JSON
 * inside model.zip: the camera it was trained for (at the network's input size), the pose
 * parameterisation (reference pose, isocentre distance, output scales), the network size, and where
 * the training data came from and how its images were made ({@link DomainRandomisation} spec; "unrecorded"
 * for models written before it was recorded), and for a keypoint head its keypoints and the network's keypoint error
 * measured on fresh synthetic views after training, one sd per keypoint ({@link KeypointCalibration}; null where not measured).
 */
public record CoarseModelInfo(Camera camera, PoseParameterisation parameterisation, NetSpec net, String source, String sampling,
        int views, String weights, int steps, long seed, String domainRandomisation, double[][] keypointsLps, double[] keypointSd) {

    public CoarseModelInfo {
        if ((net.keypoints() > 0) != (keypointsLps != null) || (keypointsLps != null && keypointsLps.length != net.keypoints())) {
            throw new IllegalArgumentException("coarse model: a keypoint head of " + net.keypoints() + " points needs as many keypoints, got "
                    + (keypointsLps == null ? "none" : keypointsLps.length));
        }
    }

    /** A pose-head model. */
    public CoarseModelInfo(Camera camera, PoseParameterisation parameterisation, NetSpec net, String source, String sampling, int views, String weights,
            int steps, long seed, String domainRandomisation) {
        this(camera, parameterisation, net, source, sampling, views, weights, steps, seed, domainRandomisation, null, null);
    }

    /** A keypoint-head model whose keypoint error is not measured yet. */
    public CoarseModelInfo(Camera camera, PoseParameterisation parameterisation, NetSpec net, String source, String sampling, int views, String weights,
            int steps, long seed, String domainRandomisation, double[][] keypointsLps) {
        this(camera, parameterisation, net, source, sampling, views, weights, steps, seed, domainRandomisation, keypointsLps, null);
    }

    /** The same with the measured keypoint errors (sd per image coordinate for each keypoint, keypoint output units). */
    public CoarseModelInfo withKeypointSd(double[] sd) {
        return new CoarseModelInfo(camera, parameterisation, net, source, sampling, views, weights, steps, seed, domainRandomisation, keypointsLps, sd);
    }

    /**
     * The decoder of a keypoint-head model's outputs (empty for a pose head). Its pose fit weighs the keypoints by the
     * measured keypoint error against the training spread ({@link KeypointHead.Uncertainty}); models without both keep
     * the uncalibrated weights.
     */
    public java.util.Optional<KeypointHead> keypointHead() {
        if (keypointsLps == null) return java.util.Optional.empty();
        java.util.Optional<PoseSampling> s = support().map(TrainingSupport::sampling);
        KeypointHead.Uncertainty u = keypointSd != null && s.isPresent() ? new KeypointHead.Uncertainty(keypointSd, s.get().spreadSd())
                : KeypointHead.Uncertainty.uncalibrated(keypointsLps.length);
        return java.util.Optional.of(new KeypointHead(keypointsLps, camera, parameterisation.volFromCamRef(), parameterisation.isoDistanceMm(),
                s.map(PoseSampling::orbitRangeRad).orElse(new double[] {0, 0}), u));
    }

    public CoarseModelInfo(Camera camera, PoseParameterisation parameterisation, NetSpec net, String source, String sampling, int views, String weights,
            int steps, long seed) {
        this(camera, parameterisation, net, source, sampling, views, weights, steps, seed, "unrecorded");
    }

    /**
     * The poses training covered, when {@code sampling} is a {@link PoseSampling#parse} spec (models written
     * before specs were stored hold a description instead: empty).
     */
    public java.util.Optional<TrainingSupport> support() {
        try {
            return java.util.Optional.of(new TrainingSupport(PoseSampling.parse(sampling), ViewLayout.of(views)));
        } catch (IllegalArgumentException | NullPointerException e) {
            return java.util.Optional.empty();
        }
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "crossview-coarse-1");
        m.put("camera", Map.of("cols", camera.cols(), "rows", camera.rows(), "fx", camera.fx(), "fy", camera.fy(), "cx", camera.cx(),
                "cy", camera.cy(), "sourceToDetectorMm", camera.sourceToDetectorMm()));
        m.put("volFromCamRef", toList(parameterisation.volFromCamRef().toArray()));
        m.put("isoDistanceMm", parameterisation.isoDistanceMm());
        m.put("rotationScaleRad", parameterisation.rotationScaleRad());
        m.put("translationScaleMm", parameterisation.translationScaleMm());
        m.put("translation", parameterisation.translation().label());
        m.put("parameterisation", parameterisation.translation() == PoseParameterisation.Translation.SHIFT
                ? "volFromCam = volFromCamRef · T(0,0,−iso) · [exp(s_r·y[0..2]) | s_t·y[3..5]] · T(0,0,iso)"
                : "volFromCam = volFromCamRef · T(0,0,−iso) · [R | −R·p] · T(0,0,iso), R = exp(s_r·y[0..2]), d = iso·exp(−s_t·y[5]/iso), "
                        + "p = (s_t·y[3]·d/iso, s_t·y[4]·d/iso, iso − d)");
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("inputSize", net.inputSize());
        n.put("width", net.width());
        n.put("blocksPerStage", Arrays.stream(net.blocksPerStage()).boxed().toList());
        n.put("stemKernel", net.stemKernel());
        n.put("stemMaxPool", net.stemMaxPool());
        n.put("batchNorm", net.batchNorm());
        n.put("hidden", net.hidden());
        n.put("globalPool", net.globalPool());
        n.put("keypoints", net.keypoints());
        n.put("heatmap", net.heatmap());
        n.put("fineMaps", net.fineMaps());
        m.put("net", n);
        if (keypointsLps != null) {
            m.put("keypointsLps", Arrays.stream(keypointsLps).map(CoarseModelInfo::toList).toList());
            m.put("keypointOutputs", "y[2k], y[2k+1] = ((u + 0.5 − cols/2)/(cols/2), (v + 0.5 − rows/2)/(rows/2)): keypoint k's pixel in the camera above");
            if (keypointSd != null) m.put("keypointSd", toList(keypointSd));
        }
        m.put("preprocessing", "log domain (line integral), resized to inputSize² over the camera's detector, standardised per image");
        m.put("source", source);
        m.put("sampling", sampling);
        m.put("views", views);
        m.put("weights", weights);
        m.put("steps", steps);
        m.put("seed", seed);
        m.put("domainRandomisation", domainRandomisation);
        return m;
    }

    @SuppressWarnings("unchecked")
    public static CoarseModelInfo fromMap(Map<String, Object> m, String where) {
        try {
            if (!"crossview-coarse-1".equals(m.get("format"))) throw new IllegalArgumentException(where + ": not a CrossView coarse model (format " + m.get("format") + ")");
            Map<String, Object> c = (Map<String, Object>) m.get("camera");
            Camera camera = new Camera(num(c, "cols").intValue(), num(c, "rows").intValue(), num(c, "fx").doubleValue(), num(c, "fy").doubleValue(),
                    num(c, "cx").doubleValue(), num(c, "cy").doubleValue(), num(c, "sourceToDetectorMm").doubleValue());
            double[] ref = ((List<Number>) m.get("volFromCamRef")).stream().mapToDouble(Number::doubleValue).toArray();
            PoseParameterisation p = new PoseParameterisation(Rigid.of("volFromCamRef", ref), num(m, "isoDistanceMm").doubleValue(),
                    num(m, "rotationScaleRad").doubleValue(), num(m, "translationScaleMm").doubleValue(),
                    PoseParameterisation.Translation.parse((String) m.get("translation"), where + ": translation"));
            Map<String, Object> n = (Map<String, Object>) m.get("net");
            int[] blocks = ((List<Number>) n.get("blocksPerStage")).stream().mapToInt(Number::intValue).toArray();
            NetSpec net = new NetSpec(num(n, "inputSize").intValue(), num(n, "width").intValue(), blocks, num(n, "stemKernel").intValue(),
                    (Boolean) n.get("stemMaxPool"), (Boolean) n.get("batchNorm"), num(n, "hidden").intValue(), (Boolean) n.get("globalPool"),
                    n.get("keypoints") instanceof Number k ? k.intValue() : 0, Boolean.TRUE.equals(n.get("heatmap")), Boolean.TRUE.equals(n.get("fineMaps")));
            double[][] keypoints = m.get("keypointsLps") instanceof List<?> kl
                    ? kl.stream().map(x -> ((List<Number>) x).stream().mapToDouble(Number::doubleValue).toArray()).toArray(double[][]::new)
                    : null;
            return new CoarseModelInfo(camera, p, net, (String) m.get("source"), (String) m.get("sampling"), num(m, "views").intValue(),
                    (String) m.get("weights"), num(m, "steps").intValue(), num(m, "seed").longValue(),
                    m.get("domainRandomisation") instanceof String d ? d : "unrecorded", keypoints,
                    m.get("keypointSd") instanceof List<?> sd ? ((List<Number>) sd).stream().mapToDouble(Number::doubleValue).toArray() : null);
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException(where + ": malformed crossview-model.json (" + e + ")");
        }
    }

    private static Number num(Map<String, Object> m, String key) {
        Object o = m.get(key);
        if (!(o instanceof Number x)) throw new IllegalArgumentException("crossview-model.json: missing number '" + key + "'");
        return x;
    }

    private static List<Double> toList(double[] a) {
        return Arrays.stream(a).boxed().toList();
    }
}

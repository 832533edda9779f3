package org.crossview.coarse;

import java.util.Arrays;
import java.util.List;

/**
 * Size of the pose-regression network: input image size (square), stem width, number of stages
 * (each halves the resolution and doubles the channels) and residual blocks per stage.
 *
 * <p>The head either averages the last feature map (global pooling, as ResNet) or flattens it into the
 * hidden dense layer; flattening keeps where things are in the image, which a pose regressor needs and
 * which a small network trained briefly struggles to encode in channels alone.
 *
 * <p>{@link #tutorial()} fits a 2-core CPU (64², widths 8-16-32, one block per stage, flattening head,
 * ~150k parameters); {@link #paperScale()} is ResNet-18-like (128², widths 64-128-256-512, two blocks
 * per stage, global pooling, ~11M parameters) for a GPU box.
 */
public record NetSpec(int inputSize, int width, int[] blocksPerStage, int stemKernel, boolean stemMaxPool, boolean batchNorm,
        int hidden, boolean globalPool, int keypoints, boolean heatmap, boolean fineMaps) {

    /** A pose head (six outputs, {@link PoseParameterisation}). */
    public NetSpec(int inputSize, int width, int[] blocksPerStage, int stemKernel, boolean stemMaxPool, boolean batchNorm, int hidden, boolean globalPool) {
        this(inputSize, width, blocksPerStage, stemKernel, stemMaxPool, batchNorm, hidden, globalPool, 0, false);
    }

    /** A head without fine maps (see {@link #withFineMaps}). */
    public NetSpec(int inputSize, int width, int[] blocksPerStage, int stemKernel, boolean stemMaxPool, boolean batchNorm, int hidden, boolean globalPool,
            int keypoints, boolean heatmap) {
        this(inputSize, width, blocksPerStage, stemKernel, stemMaxPool, batchNorm, hidden, globalPool, keypoints, heatmap, false);
    }

    public NetSpec {
        if (inputSize < 8) throw new IllegalArgumentException("inputSize: must be ≥ 8 pixels, got " + inputSize);
        if (width < 1) throw new IllegalArgumentException("width: must be ≥ 1, got " + width);
        if (blocksPerStage == null || blocksPerStage.length == 0) throw new IllegalArgumentException("blocksPerStage: need at least one stage");
        for (int b : blocksPerStage) {
            if (b < 1) throw new IllegalArgumentException("blocksPerStage: every stage needs ≥ 1 block, got " + Arrays.toString(blocksPerStage));
        }
        if (stemKernel < 1 || stemKernel % 2 == 0) throw new IllegalArgumentException("stemKernel: must be odd and ≥ 1, got " + stemKernel);
        if (hidden < 0) throw new IllegalArgumentException("hidden: must be ≥ 0 (0 = no hidden dense layer), got " + hidden);
        if (!globalPool && hidden == 0) throw new IllegalArgumentException("hidden: a flattening head needs a hidden dense layer");
        if (keypoints != 0 && keypoints < 4) throw new IllegalArgumentException("keypoints: 0 (pose head) or at least 4, got " + keypoints);
        if (heatmap && keypoints == 0) throw new IllegalArgumentException("heatmap: only a keypoint head reads keypoints from heatmaps");
        if (fineMaps && !heatmap) throw new IllegalArgumentException("fine maps: only a heatmap keypoint head has score maps");
        if (fineMaps && blocksPerStage.length < 2) throw new IllegalArgumentException("fine maps: need at least two stages (the maps sit on the second-to-last's grid)");
        if (fineMaps) {
            int finer = stageSize(inputSize, stemMaxPool, blocksPerStage.length - 2), last = stageSize(inputSize, stemMaxPool, blocksPerStage.length - 1);
            if (finer != 2 * last) {
                throw new IllegalArgumentException("fine maps: at input size " + inputSize + " the second-to-last stage's grid (" + finer
                        + "²) is not twice the last's (" + last + "²); choose an input size divisible by the network's stride");
            }
        }
        blocksPerStage = blocksPerStage.clone();
    }

    /** 64² input, 3 stages of one block, widths 8/16/32: trains at tens of samples/s on 2 CPU cores. */
    public static NetSpec tutorial() {
        return new NetSpec(64, 8, new int[] {1, 1, 1}, 5, false, true, 64, false);
    }

    /** ResNet-18-like: 128² input, 7×7 stem with max pool, 4 stages of 2 blocks, widths 64..512. */
    public static NetSpec paperScale() {
        return new NetSpec(128, 64, new int[] {2, 2, 2, 2}, 7, true, true, 256, true);
    }

    public NetSpec withInputSize(int size) {
        return new NetSpec(size, width, blocksPerStage, stemKernel, stemMaxPool, batchNorm, hidden, globalPool, keypoints, heatmap, fineMaps);
    }

    public NetSpec withBatchNorm(boolean on) {
        return new NetSpec(inputSize, width, blocksPerStage, stemKernel, stemMaxPool, on, hidden, globalPool, keypoints, heatmap, fineMaps);
    }

    public NetSpec withGlobalPool(boolean on) {
        return new NetSpec(inputSize, width, blocksPerStage, stemKernel, stemMaxPool, batchNorm, hidden, on, keypoints, heatmap, fineMaps);
    }

    /** The same network with a keypoint head of {@code k} points ({@link KeypointHead}; 0: the pose head). */
    public NetSpec withKeypoints(int k) {
        return new NetSpec(inputSize, width, blocksPerStage, stemKernel, stemMaxPool, batchNorm, hidden, globalPool, k, false);
    }

    /** The same network with a heatmap keypoint head of {@code k} points: a score map per point on the last feature grid ({@link SoftArgmax}). */
    public NetSpec withHeatmapKeypoints(int k) {
        return new NetSpec(inputSize, width, blocksPerStage, stemKernel, stemMaxPool, batchNorm, hidden, globalPool, k, true);
    }

    /**
     * The same heatmap head with its score maps on the grid of the second-to-last stage (stride halved: 16² at 64²):
     * the last stage's features, upsampled ×2 and projected (1×1) to that stage's width, plus that stage's own, then a
     * 3×3 conv, as a feature-pyramid step. The maps keep the last stage's reach over the image and gain the finer
     * stage's resolution. Needs an input size whose second-to-last grid is exactly twice the last.
     */
    public NetSpec withFineMaps() {
        return new NetSpec(inputSize, width, blocksPerStage, stemKernel, stemMaxPool, batchNorm, hidden, globalPool, keypoints, heatmap, true);
    }

    /** The network's output count: six pose numbers, two image coordinates per keypoint, or a score map per keypoint. */
    public int outputs() {
        if (heatmap) return softArgmax().orElseThrow().rawOutputs();
        return keypoints > 0 ? 2 * keypoints : PoseNet.OUTPUTS;
    }

    /** The side of the last feature map (stride-2 stem, optional max pool, a stride-2 start of every stage after the first; "same" padding). */
    public int featureSize() {
        return stageSize(inputSize, stemMaxPool, blocksPerStage.length - 1);
    }

    /** The side of stage {@code stage}'s feature map. */
    private static int stageSize(int inputSize, boolean stemMaxPool, int stage) {
        int s = (inputSize + 1) / 2;
        if (stemMaxPool) s = (s + 1) / 2;
        for (int i = 1; i <= stage; i++) s = (s + 1) / 2;
        return s;
    }

    /** The side of a heatmap head's score maps: the last feature grid, or with {@link #fineMaps} twice it. */
    public int mapSize() {
        return fineMaps ? 2 * featureSize() : featureSize();
    }

    /** A heatmap head's read-out; empty for the other heads. */
    public java.util.Optional<SoftArgmax> softArgmax() {
        return heatmap ? java.util.Optional.of(new SoftArgmax(keypoints, mapSize())) : java.util.Optional.empty();
    }

    /** The shape of the network's output for n images: [n, outputs], or [n, K, s, s] for a heatmap head. */
    public long[] outputShape(int n) {
        return heatmap ? new long[] {n, keypoints, mapSize(), mapSize()} : new long[] {n, outputs()};
    }

    @Override
    public int[] blocksPerStage() {
        return blocksPerStage.clone();
    }

    /** Compact description, e.g. "64px w8 [1,1,1] bn flat h64". */
    public String describe() {
        return inputSize + "px w" + width + " " + Arrays.toString(blocksPerStage).replace(" ", "") + (batchNorm ? " bn" : "")
                + (stemMaxPool ? " maxpool" : "") + (heatmap ? "" : (globalPool ? " gap" : " flat") + " h" + hidden)
                + (keypoints > 0 ? (heatmap ? " heatmap-keypoints" : " keypoints") + keypoints : "") + (fineMaps ? " fine-maps" : "");
    }

    /**
     * Parses "tutorial", "paper", or "WIDTH:B1,B2,...[:nobn][:gap]", each optionally followed by ":kpN" (a keypoint head of
     * N points regressed by a dense layer, {@link KeypointHead}) or ":hmN" (N points read from heatmaps, {@link SoftArgmax}),
     * itself optionally followed by ":fine" ({@link #withFineMaps}), e.g. "tutorial:kp12", "16:1,1,1:hm12:fine".
     */
    public static NetSpec parse(String s, int inputSize) {
        java.util.regex.Matcher kp = java.util.regex.Pattern.compile("(.*):(kp|hm)(\\d+)(:fine)?").matcher(s);
        if (kp.matches()) {
            int k = Integer.parseInt(kp.group(3));
            if (k < 4) throw new IllegalArgumentException("--net: a keypoint head needs at least 4 points, got '" + s + "'");
            if (kp.group(4) != null && !kp.group(2).equals("hm")) throw new IllegalArgumentException("--net: ':fine' follows a heatmap head (:hmN), got '" + s + "'");
            NetSpec base = parse(kp.group(1), inputSize);
            if (!kp.group(2).equals("hm")) return base.withKeypoints(k);
            NetSpec h = base.withHeatmapKeypoints(k);
            if (kp.group(4) == null) return h;
            try {
                return h.withFineMaps();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--net '" + s + "': " + e.getMessage());
            }
        }
        switch (s) {
            case "tutorial": return tutorial().withInputSize(inputSize);
            case "paper": return paperScale().withInputSize(inputSize);
            default:
                String[] p = s.split(":");
                if (p.length < 2) throw new IllegalArgumentException("--net: expected tutorial, paper or WIDTH:B1,B2,..[:nobn][:gap], got '" + s + "'");
                try {
                    int w = Integer.parseInt(p[0]);
                    int[] blocks = Arrays.stream(p[1].split(",")).mapToInt(Integer::parseInt).toArray();
                    List<String> flags = Arrays.asList(p).subList(2, p.length);
                    for (String f : flags) {
                        if (!f.equals("nobn") && !f.equals("gap")) throw new IllegalArgumentException("--net: unknown flag '" + f + "' in '" + s + "' (nobn, gap, kpN)");
                    }
                    return new NetSpec(inputSize, w, blocks, inputSize >= 128 ? 7 : 5, inputSize >= 128, !flags.contains("nobn"), Math.max(32, 8 * w),
                            flags.contains("gap"));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--net: cannot parse '" + s + "' (" + e.getMessage() + ")");
                }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetSpec n && n.inputSize == inputSize && n.width == width && Arrays.equals(n.blocksPerStage, blocksPerStage)
                && n.stemKernel == stemKernel && n.stemMaxPool == stemMaxPool && n.batchNorm == batchNorm && n.hidden == hidden
                && n.globalPool == globalPool && n.keypoints == keypoints && n.heatmap == heatmap && n.fineMaps == fineMaps;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(blocksPerStage) + inputSize * 7 + width;
    }

    @Override
    public String toString() {
        return "NetSpec[" + describe() + "]";
    }
}

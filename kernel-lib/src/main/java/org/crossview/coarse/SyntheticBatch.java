package org.crossview.coarse;

import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training batch: {@code cases} cases of {@code views} views each, stored case-major (index
 * c·views + v). For every view: its true pose, the clean DRR at that pose (the target of the image
 * terms) and the network input (augmented, then {@link NetworkInput} preprocessed).
 */
public final class SyntheticBatch {
    private final Camera camera;
    private final int cases;
    private final int views;
    private final Rigid[] trueVolFromCam;
    private final Image[] targets;
    private final float[][] inputs;

    public SyntheticBatch(Camera camera, int cases, int views, Rigid[] trueVolFromCam, Image[] targets, float[][] inputs) {
        int n = cases * views;
        if (trueVolFromCam.length != n || targets.length != n || inputs.length != n) {
            throw new IllegalArgumentException("batch: expected " + n + " views (" + cases + " cases × " + views + ")");
        }
        this.camera = camera;
        this.cases = cases;
        this.views = views;
        this.trueVolFromCam = trueVolFromCam;
        this.targets = targets;
        this.inputs = inputs;
    }

    public Camera camera() { return camera; }
    public int cases() { return cases; }
    public int views() { return views; }
    public int size() { return cases * views; }

    public int index(int c, int v) {
        return c * views + v;
    }

    public Rigid trueVolFromCam(int i) { return trueVolFromCam[i]; }
    public Image target(int i) { return targets[i]; }
    public float[] input(int i) { return inputs[i]; }

    /** The known C-arm transform camI ← camJ between two views of case c: volFromCam_i⁻¹·volFromCam_j. */
    public Rigid camIFromCamJ(int c, int i, int j) {
        return trueVolFromCam[index(c, i)].inverse().compose(trueVolFromCam[index(c, j)]);
    }

    /** The inputs as one [N, 1, S, S] array. */
    public INDArray networkInput(DataType dataType) {
        int pixels = camera.cols() * camera.rows();
        float[] all = new float[size() * pixels];
        for (int i = 0; i < size(); i++) System.arraycopy(inputs[i], 0, all, i * pixels, pixels);
        return Nd4j.create(all, new long[] {size(), 1, camera.rows(), camera.cols()}, 'c').castTo(dataType);
    }
}

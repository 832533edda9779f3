package org.crossview.coarse;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.crossview.geometry.Rigid;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains the pose network with a loss computed outside DL4J (DESIGN.md §5): per step,
 * <ol>
 * <li>batch = data(seed, step) — rendered, augmented, preprocessed;</li>
 * <li>network forward in training mode → six outputs y per view → poses ({@link PoseParameterisation});</li>
 * <li>{@link CoarseObjective}: total loss and d(total)/dξ per view (renderer backward pass inside);</li>
 * <li>external errors dL/dy = (dξ/dy)ᵀ·dL/dξ → {@code backpropGradient} → the graph's Adam updater
 *     (learning rate from {@link WarmupCosineSchedule} at this step) → parameters −= update.</li>
 * </ol>
 * Everything that decides step s is a function of (parameters, updater state, seed, s), and all four
 * are in a checkpoint, so resuming reproduces an uninterrupted run.
 *
 * <p>How a step is executed ({@link Execution}) never changes what it computes: with prefetching, the batch of
 * step s + 1 is made on a background thread while step s runs on the network (the batch is a pure function of
 * (seed, step)), the network's passes run without DL4J's layers ({@link DirectTrainingPass}), or through them with faster
 * convolution and batch-norm code ({@link LayerHelpers}).
 */
public final class CoarseTrainer {
    private final ComputationGraph net;
    private final SyntheticData data;
    private final CoarseObjective objective;
    private final TrainerSettings settings;
    private final List<HistoryRow> history;
    private int step;
    private StepProfile profile; // null: not profiling
    private Execution execution;
    private final BatchPrefetcher prefetcher;
    private DirectTrainingPass direct; // made on first use of the direct pass (null: the network has a layer it does not handle)
    private boolean directTried;

    /**
     * How steps run: {@code prefetch} makes the next batch on a background thread during the current step;
     * {@code fusedConvolutions} runs the convolution layers through a helper instead of DL4J's built-in path: with
     * {@code adjointBackward} through im2col and GEMMs in both passes ({@link Im2colConvolution}), else through libnd4j's
     * fused {@code conv2d}/{@code conv2d_bp} ops; {@code javaBatchNorm} runs the batch-normalisation layers' training pass in Java
     * ({@link BatchNormTraining}); {@code directPass} computes a step's forward and backward pass without DL4J's layers
     * ({@link DirectTrainingPass}) when the network is one it handles (else the layers as set by the other switches). None
     * changes the results beyond float rounding.
     */
    public record Execution(boolean prefetch, boolean fusedConvolutions, boolean adjointBackward, boolean javaBatchNorm, boolean directPass) {
        /** DL4J's layers; fused convolutions have the adjoint backward pass and come with the Java batch normalisation. */
        public Execution(boolean prefetch, boolean fusedConvolutions) {
            this(prefetch, fusedConvolutions, fusedConvolutions);
        }

        /** DL4J's layers; the Java batch normalisation with the fused convolutions. */
        public Execution(boolean prefetch, boolean fusedConvolutions, boolean adjointBackward) {
            this(prefetch, fusedConvolutions, adjointBackward, fusedConvolutions);
        }

        /** DL4J's layers (with the helpers chosen). */
        public Execution(boolean prefetch, boolean fusedConvolutions, boolean adjointBackward, boolean javaBatchNorm) {
            this(prefetch, fusedConvolutions, adjointBackward, javaBatchNorm, false);
        }

        /** The fast path: all on. */
        public static Execution fast() {
            return new Execution(true, true, true, true, true);
        }

        /** The trainer as it was first written: all off (the training benchmark's "before"). */
        public static Execution original() {
            return new Execution(false, false);
        }
    }

    /** One logged step: the total, each term, and the throughput over the steps since the last row. */
    public record HistoryRow(int step, double total, Map<String, Double> terms, double samplesPerSecond) {}

    /** What one step did. */
    public record StepResult(int step, CoarseObjective.OutputsEvaluation evaluation, double[][] outputs) {}

    public CoarseTrainer(ComputationGraph net, SyntheticData data, CoarseObjective objective, TrainerSettings settings) {
        this(net, data, objective, settings, 0, new ArrayList<>());
    }

    private CoarseTrainer(ComputationGraph net, SyntheticData data, CoarseObjective objective, TrainerSettings settings, int step,
            List<HistoryRow> history) {
        if (net.getConfiguration().getNetworkOutputs().size() != 1) throw new IllegalArgumentException("network: expected one output (six pose numbers)");
        this.net = net;
        this.data = data;
        this.objective = objective;
        this.settings = settings;
        this.step = step;
        this.history = history;
        this.prefetcher = new BatchPrefetcher(s -> timed("data.made", () -> data.batch(settings.seed(), s, settings.casesPerBatch())));
        execute(Execution.fast());
    }

    /** Switches how the following steps run (the results do not change); returns this trainer. */
    public CoarseTrainer execute(Execution e) {
        this.execution = e;
        LayerHelpers.install(net, e.fusedConvolutions(), e.adjointBackward());
        LayerHelpers.installBatchNorm(net, e.javaBatchNorm());
        return this;
    }

    public Execution execution() { return execution; }

    /** A fresh network for these settings (weights drawn from the seed). */
    public static ComputationGraph newNetwork(TrainerSettings settings) {
        return PoseNet.create(settings.net(), settings.schedule(), settings.seed(), settings.dataType());
    }

    /** Continues from a checkpoint written by {@link #saveCheckpoint}; the settings must match it. */
    public static CoarseTrainer resume(Path checkpoint, SyntheticData data, CoarseObjective objective, TrainerSettings settings) throws IOException {
        Checkpoints.Loaded c = Checkpoints.load(checkpoint);
        c.state().requireCompatible(settings, objective.weights(), checkpoint);
        return new CoarseTrainer(c.network(), data, objective, settings, c.state().step(), new ArrayList<>(c.state().history()));
    }

    public ComputationGraph network() { return net; }
    public int currentStep() { return step; }
    public List<HistoryRow> history() { return List.copyOf(history); }
    public TrainerSettings settings() { return settings; }
    public SyntheticData data() { return data; }

    /** Records the wall and thread CPU time of each phase of every following step into {@code p} (null: stop). */
    public void profileInto(StepProfile p) { this.profile = p; }

    private <T> T timed(String phase, Supplier<T> work) {
        return profile == null ? work.get() : profile.time(phase, work);
    }

    /** The network's outputs for one batch (training-mode forward pass, activations kept for backprop). */
    double[][] forward(INDArray input) {
        Map<String, INDArray> acts = net.feedForward(new INDArray[] {input}, true, false);
        return toRows(acts.get(PoseNet.OUTPUT));
    }

    /** Loss of the current parameters on a batch without changing anything (training-mode forward). */
    public CoarseObjective.OutputsEvaluation evaluate(SyntheticBatch batch) {
        double[][] y = toRows(net.feedForward(new INDArray[] {batch.networkInput(settings.dataType())}, true, true).get(PoseNet.OUTPUT));
        return objective.evaluateOutputs(batch, y, data.parameterisation());
    }

    /** The loss and its gradient with respect to every parameter, by name as in {@code paramTable()} (copies). */
    public Map.Entry<CoarseObjective.OutputsEvaluation, Map<String, INDArray>> gradient(SyntheticBatch batch) {
        double[][] y = forward(batch.networkInput(settings.dataType()));
        CoarseObjective.OutputsEvaluation e = objective.evaluateOutputs(batch, y, data.parameterisation());
        Gradient g = net.backpropGradient(externalErrors(e));
        Map<String, INDArray> byName = new LinkedHashMap<>();
        g.gradientForVariable().forEach((k, v) -> byName.put(k, v.dup()));
        return Map.entry(e, byName);
    }

    /** One optimisation step on the batch of the current step index; advances the step. */
    public StepResult step() {
        SyntheticBatch batch;
        if (execution.prefetch()) {
            batch = timed("data", () -> prefetcher.take(step));
            if (step + 1 < settings.steps()) prefetcher.prepare(step + 1);
        } else {
            batch = timed("data", () -> timed("data.made", () -> data.batch(settings.seed(), step, settings.casesPerBatch())));
        }
        return stepOn(batch);
    }

    /**
     * Waits until a batch being made in the background (prefetching) is done: a benchmark calls this before
     * it stops its clock, so that the work is counted where it belongs and does not run into what it times next.
     */
    public void awaitPrefetch() {
        prefetcher.await();
    }

    /** One optimisation step on a given batch (tests use a fixed batch); advances the step. */
    public StepResult stepOn(SyntheticBatch batch) {
        DirectTrainingPass pass = execution.directPass() ? directPass() : null;
        double[][] y = timed("forward", () -> pass != null ? pass.forward(batch.networkInput(settings.dataType())) : forward(batch.networkInput(settings.dataType())));
        CoarseObjective.OutputsEvaluation e = timed("loss", () -> objective.evaluateOutputs(batch, y, data.parameterisation()));
        if (!Double.isFinite(e.total())) throw new IllegalStateException("coarse training: loss is " + e.total() + " at step " + step + " (terms " + e.terms() + ")");
        Gradient g = timed("backward", () -> pass != null ? pass.backward(e.dTotaldY()) : net.backpropGradient(externalErrors(e)));
        timed("update", () -> {
            // Batch size 1: the external errors are already the gradient of the batch-mean loss.
            net.getUpdater().update(g, step, 0, 1, LayerWorkspaceMgr.noWorkspaces());
            return net.params().subi(g.gradient());
        });
        net.getConfiguration().setIterationCount(step + 1);
        StepResult r = new StepResult(step, e, y);
        step++;
        return r;
    }

    /** The direct pass for this network, or null when it holds a layer the pass does not handle. */
    private DirectTrainingPass directPass() {
        if (!directTried) {
            direct = DirectTrainingPass.of(net);
            directTried = true;
        }
        return direct;
    }

    /** dL/dy for every view ({@link CoarseObjective#evaluateOutputs}), as the [N, outputs] epsilon of the output layer. */
    private INDArray externalErrors(CoarseObjective.OutputsEvaluation e) {
        double[][] dy = e.dTotaldY();
        return Nd4j.create(dy).reshape('c', settings.net().outputShape(dy.length)).castTo(settings.dataType());
    }

    /** One row of outputs per image (a heatmap head's [N, K, s, s] flattened row-major per image). */
    static double[][] toRows(INDArray out) {
        INDArray d = out.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        if (d.rank() != 2) d = d.reshape('c', d.size(0), d.length() / d.size(0));
        int n = (int) d.size(0);
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) y[i] = d.getRow(i).toDoubleVector();
        return y;
    }

    /**
     * Trains up to {@code settings.steps()}, printing progress every logEvery steps and writing a
     * checkpoint every checkpointEvery steps (and at the end) when {@code checkpoint} is not null.
     */
    public void run(PrintStream out, Path checkpoint, CoarseModelInfo info) throws IOException {
        runUntil(settings.steps(), out, checkpoint, info);
    }

    /**
     * As {@link #run}, but stops once {@code stopStep} steps are done (an interrupted run); a checkpoint
     * is written there when {@code checkpoint} is not null.
     */
    public void runUntil(int stopStep, PrintStream out, Path checkpoint, CoarseModelInfo info) throws IOException {
        int end = Math.min(stopStep, settings.steps());
        long windowStart = System.nanoTime();
        int windowSteps = 0;
        double windowTotal = 0;
        Map<String, Double> windowTerms = new LinkedHashMap<>();
        while (step < end) {
            StepResult r = step();
            windowSteps++;
            windowTotal += r.evaluation().total();
            r.evaluation().terms().forEach((k, v) -> windowTerms.merge(k, v, Double::sum));
            boolean last = step == end;
            if ((settings.logEvery() > 0 && step % settings.logEvery() == 0) || last) {
                double seconds = (System.nanoTime() - windowStart) / 1e9;
                double samplesPerSecond = windowSteps * (double) settings.casesPerBatch() * data.layout().views() / seconds;
                Map<String, Double> mean = new LinkedHashMap<>();
                for (Map.Entry<String, Double> t : windowTerms.entrySet()) mean.put(t.getKey(), t.getValue() / windowSteps);
                HistoryRow row = new HistoryRow(step, windowTotal / windowSteps, mean, samplesPerSecond);
                history.add(row);
                if (out != null) out.println(progressLine(row));
                windowStart = System.nanoTime();
                windowSteps = 0;
                windowTotal = 0;
                windowTerms.clear();
            }
            if (checkpoint != null && ((settings.checkpointEvery() > 0 && step % settings.checkpointEvery() == 0) || last)) {
                saveCheckpoint(checkpoint, info);
            }
        }
    }

    private String progressLine(HistoryRow row) {
        StringBuilder sb = new StringBuilder(String.format("step %d/%d  loss %.4f", row.step(), settings.steps(), row.total()));
        for (Map.Entry<String, Double> t : row.terms().entrySet()) {
            if (Double.isFinite(t.getValue())) sb.append(String.format("  %s %.4g", t.getKey(), t.getValue()));
        }
        sb.append(String.format("  lr %.2e  %.1f samples/s", settings.schedule().valueAt(row.step() - 1, 0), row.samplesPerSecond()));
        // Time left at the last window's pace (the steps cost the same throughout a run).
        double samplesLeft = (settings.steps() - row.step()) * (double) settings.casesPerBatch() * data.layout().views();
        if (row.samplesPerSecond() > 0 && samplesLeft > 0) sb.append("  ~").append(formatSeconds(samplesLeft / row.samplesPerSecond())).append(" left");
        return sb.toString();
    }

    /** "45 s", "12 min", "1.5 h". */
    static String formatSeconds(double s) {
        if (s < 90) return String.format("%.0f s", s);
        if (s < 5400) return String.format("%.0f min", s / 60);
        return String.format("%.1f h", s / 3600);
    }

    /** Network (with updater state) + trainer state, written atomically. */
    public void saveCheckpoint(Path file, CoarseModelInfo info) throws IOException {
        Checkpoints.save(file, net, new TrainerState(step, settings, objective.weights(), history), info);
    }
}

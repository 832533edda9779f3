package org.crossview.coarse;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * model.zip / checkpoint files: DL4J's ModelSerializer zip (configuration, parameters, updater state)
 * plus two JSON entries, "crossview-model.json" ({@link CoarseModelInfo}) and "crossview-trainer.json"
 * ({@link TrainerState}). Written to a temporary file in the same directory and renamed, so a reader
 * never sees half a file.
 */
public final class Checkpoints {
    static final String MODEL_ENTRY = "crossview-model.json";
    static final String TRAINER_ENTRY = "crossview-trainer.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoints() {}

    /** A checkpoint read back. */
    record Loaded(ComputationGraph network, TrainerState.Parsed state, CoarseModelInfo info) {}

    static void save(Path file, ComputationGraph net, TrainerState state, CoarseModelInfo info) throws IOException {
        org.crossview.io.AtomicWrite.write(file, tmp -> {
            ModelSerializer.writeModel(net, tmp.toFile(), true);
            if (info != null) ModelSerializer.addObjectToFile(tmp.toFile(), MODEL_ENTRY, JSON.writeValueAsString(info.toMap()));
            if (state != null) ModelSerializer.addObjectToFile(tmp.toFile(), TRAINER_ENTRY, JSON.writeValueAsString(state.toMap()));
        });
    }

    static Loaded load(Path file) throws IOException {
        ComputationGraph net = restore(file);
        Map<String, Object> trainer = entry(file, TRAINER_ENTRY);
        Map<String, Object> model = entry(file, MODEL_ENTRY);
        return new Loaded(net, trainer == null ? null : TrainerState.parse(trainer),
                model == null ? null : CoarseModelInfo.fromMap(model, file.toString()));
    }

    /** The logged training history (loss terms per logged step) stored in a model or checkpoint file; empty if none. */
    public static List<CoarseTrainer.HistoryRow> history(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such model file");
        Map<String, Object> trainer = entry(file, TRAINER_ENTRY);
        return trainer == null ? List.of() : List.copyOf(TrainerState.parse(trainer).history());
    }

    static ComputationGraph restore(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such model file");
        try {
            return ModelSerializer.restoreComputationGraph(file.toFile(), true);
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a readable DL4J model zip (" + e.getMessage() + ")", e);
        }
    }

    /** A JSON entry, or null when absent. */
    static Map<String, Object> entry(Path file, String name) throws IOException {
        File f = file.toFile();
        List<String> names = ModelSerializer.listObjectsInFile(f);
        if (!names.contains(name)) return null;
        String json = ModelSerializer.getObjectFromFile(f, name);
        return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    }
}

package dev.hanlm.train.ptune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.io.SafetensorsWriter;
import dev.hanlm.engine.kernels.DType;
import dev.hanlm.train.AtomicFiles;
import dev.hanlm.train.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a p-tuning run stands after {@code step} updates: the encoder's parameters, Adam's moments, and the best
 * prompt so far. Batches depend only on (seed, step), so a run resumed from it continues exactly as if never
 * stopped. Written beside the tuned prompt at every evaluation:
 * <pre>
 * tuning-state.safetensors   encoder, exp_avg, exp_avg_sq, best_embeddings, step (F32)
 * tuning-state.json          step, adam_steps, best score and step, and the run's settings, which a resume must repeat
 * </pre>
 *
 * @param run the settings that define the run (a resume with others is refused)
 */
public record TuningState(int step, float[] encoder, float[] firstMoment, float[] secondMoment, int adamSteps,
                          float[] bestEmbeddings, PromptTuner.Score bestScore, int bestStep, JsonNode run) {
    public static final String TENSORS_FILE = "tuning-state.safetensors", INFO_FILE = "tuning-state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes the tensors, then the JSON that names their step (each file atomically), into {@code dir}. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            SafetensorsWriter.write(dir.resolve(TENSORS_FILE), DType.F32, List.of(tensor("encoder", encoder),
                    tensor("exp_avg", firstMoment), tensor("exp_avg_sq", secondMoment), tensor("best_embeddings", bestEmbeddings),
                    tensor("step", new float[] {step})), Map.of());
            ObjectNode info = JSON.createObjectNode().put("step", step).put("adam_steps", adamSteps).put("best_step", bestStep)
                    .put("best_metric", bestScore.metric()).put("best_score", bestScore.value());
            info.set("run", run);
            AtomicFiles.writeString(dir.resolve(INFO_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(info) + "\n");
        } catch (IOException e) {
            throw new TrainingException("cannot write the tuning state to " + dir + ": " + e.getMessage());
        }
    }

    private static SafetensorsWriter.Tensor tensor(String name, float[] values) {
        return new SafetensorsWriter.Tensor(name, new long[] {values.length}, values, 0);
    }

    /** The state in {@code dir}, which must come from a run with the settings {@code run}. */
    public static TuningState read(Path dir, JsonNode run) {
        Path info = dir.resolve(INFO_FILE), file = dir.resolve(TENSORS_FILE);
        if (!Files.isRegularFile(info) || !Files.isRegularFile(file)) {
            throw new TrainingException(dir + " has no tuning state to resume (" + INFO_FILE + ", " + TENSORS_FILE
                    + "): start the run without --resume");
        }
        try {
            JsonNode json = JSON.readTree(info.toFile());
            // compared as read back from JSON, where a long 1 and an int 1 are the same number
            if (!json.path("run").equals(JSON.readTree(JSON.writeValueAsString(run)))) {
                throw new TrainingException("the run in " + dir + " was started with other settings: " + json.path("run")
                        + "; resume with the same ones, or start again in another directory");
            }
            int step = json.path("step").asInt(-1);
            Map<String, float[]> t = F32Tensors.read(file);
            float[] saved = F32Tensors.require(t, "step", 1, file);
            if (saved[0] != step) {
                throw new TrainingException(dir + " holds the tuning state of two different steps (" + step + " and "
                        + (int) saved[0] + "): it was stopped while writing; start again");
            }
            float[] encoder = t.get("encoder");
            if (encoder == null) throw new TrainingException(file + " has no tensor encoder");
            return new TuningState(step, encoder, F32Tensors.require(t, "exp_avg", encoder.length, file),
                    F32Tensors.require(t, "exp_avg_sq", encoder.length, file), json.path("adam_steps").asInt(),
                    t.get("best_embeddings"), new PromptTuner.Score(json.path("best_metric").asText(), json.path("best_score").asDouble()),
                    json.path("best_step").asInt(), run);
        } catch (IOException | EngineException e) {
            throw new TrainingException("cannot read the tuning state in " + dir + ": " + e.getMessage());
        }
    }
}

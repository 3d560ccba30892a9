package dev.hanlm.train.ptune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.io.SafetensorsWriter;
import dev.hanlm.engine.kernels.DType;
import dev.hanlm.train.AtomicFiles;
import dev.hanlm.train.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tuned prompt as p-tuning leaves it, in a directory of two small files:
 * <pre>
 * prompt.safetensors   prompt_embeddings: F32 [K, hidden], the virtual tokens' input embeddings
 * prompt.json          the template, the verbalizers (label -> text; none for a generation objective), the task,
 *                      the base model's identity (shape and weights SHA-256) and how it was trained
 * </pre>
 * {@link #applyTo} refuses a model other than the one it was tuned on.
 *
 * @param training free-form facts about the run (settings, best step, dev metric), kept for people
 */
public record TunedPrompt(String task, PromptTemplate template, Map<String, String> verbalizers, float[] embeddings,
                          ModelIdentity base, JsonNode training) {
    public static final String EMBEDDINGS_FILE = "prompt.safetensors", INFO_FILE = "prompt.json";
    static final String TENSOR = "prompt_embeddings", FORMAT = "hanlm-tuned-prompt";
    private static final ObjectMapper JSON = new ObjectMapper();

    public TunedPrompt {
        verbalizers = Collections.unmodifiableMap(new LinkedHashMap<>(verbalizers));
        if (embeddings.length != template.virtualTokens() * base.hiddenSize()) {
            throw new TrainingException("a prompt of " + template.virtualTokens() + " virtual tokens of width " + base.hiddenSize()
                    + " needs " + template.virtualTokens() * base.hiddenSize() + " values, not " + embeddings.length);
        }
    }

    public boolean classification() {
        return !verbalizers.isEmpty();
    }

    /** {@code model} with this prompt's virtual tokens, after checking that it is the model the prompt was tuned on. */
    public LanguageModel applyTo(LanguageModel model, Path promptDir) {
        base.requireSameAs(ModelIdentity.of(model.directory(), model.config()), promptDir);
        return model.withPromptEmbeddings(embeddings);
    }

    /** Writes both files into {@code dir} (made if missing), each under a temporary name first. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            SafetensorsWriter.write(dir.resolve(EMBEDDINGS_FILE), DType.F32, List.of(new SafetensorsWriter.Tensor(TENSOR,
                    new long[] {template.virtualTokens(), base.hiddenSize()}, embeddings, 0)), Map.of("format", FORMAT));
            ObjectNode info = JsonNodeFactory.instance.objectNode();
            info.put("format", FORMAT).put("version", 1).put("task", task).put("template", template.text())
                    .put("prompt_tokens", template.virtualTokens());
            info.set("verbalizers", JSON.valueToTree(verbalizers));
            info.set("base_model", JSON.valueToTree(base));
            info.set("training", training);
            AtomicFiles.writeString(dir.resolve(INFO_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(info) + "\n");
        } catch (IOException e) {
            throw new TrainingException("cannot write the tuned prompt to " + dir + ": " + e.getMessage());
        }
    }

    public static TunedPrompt read(Path dir) {
        Path info = dir.resolve(INFO_FILE), weights = dir.resolve(EMBEDDINGS_FILE);
        if (!Files.isRegularFile(info) || !Files.isRegularFile(weights)) {
            throw new TrainingException(dir + " is not a tuned prompt: it needs " + INFO_FILE + " and " + EMBEDDINGS_FILE
                    + " (made by hanlm ptune)");
        }
        try {
            JsonNode json = JSON.readTree(info.toFile());
            if (!FORMAT.equals(json.path("format").asText())) {
                throw new TrainingException(info + " is not a tuned prompt: its \"format\" is not \"" + FORMAT + "\"");
            }
            PromptTemplate template = PromptTemplate.parse(json.path("template").asText());
            Map<String, String> verbalizers = new LinkedHashMap<>();
            json.path("verbalizers").properties().forEach(e -> verbalizers.put(e.getKey(), e.getValue().asText()));
            ModelIdentity base = JSON.treeToValue(json.path("base_model"), ModelIdentity.class);
            return new TunedPrompt(json.path("task").asText(), template, verbalizers, embeddings(weights, template, base),
                    base, json.path("training"));
        } catch (IOException | IllegalArgumentException | EngineException e) {
            throw new TrainingException("cannot read the tuned prompt in " + dir + ": " + e.getMessage());
        }
    }

    private static float[] embeddings(Path file, PromptTemplate template, ModelIdentity base) {
        return F32Tensors.require(F32Tensors.read(file), TENSOR, template.virtualTokens() * base.hiddenSize(), file);
    }
}

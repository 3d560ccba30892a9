package dev.hanlm.train.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.io.SafetensorsFile;
import dev.hanlm.engine.io.SafetensorsWriter;
import dev.hanlm.engine.kernels.DType;
import dev.hanlm.train.AtomicFiles;
import dev.hanlm.train.TrainingException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A binary text classifier: logistic regression over {@link NgramFeatures}. It lives in a directory of two files:
 * <pre>
 * model.safetensors   weight: F32 [buckets], bias: F32 [1]
 * classifier.json     the features, the decision threshold (chosen on a dev set), how it was trained and scored
 * </pre>
 *
 * @param threshold the probability from which a text counts as the positive class
 * @param info      free-form facts about the run (settings, data, dev metrics), kept for people
 */
public record TextClassifier(NgramFeatures features, float[] params, double threshold, JsonNode info) {
    public static final String WEIGHTS_FILE = "model.safetensors", INFO_FILE = "classifier.json";
    static final String FORMAT = "hanlm-text-classifier";
    private static final ObjectMapper JSON = new ObjectMapper();

    public TextClassifier {
        if (params.length != features.buckets() + 1) {
            throw new TrainingException("a classifier over " + features.buckets() + " buckets needs " + (features.buckets() + 1)
                    + " parameters, not " + params.length);
        }
    }

    /** The probability that {@code text} is of the positive class. */
    public double probability(String text) {
        return LogisticLoss.sigmoid(LogisticLoss.logit(params, features.of(text)));
    }

    public TextClassifier withThreshold(double threshold) {
        return new TextClassifier(features, params, threshold, info);
    }

    public BinaryMetrics evaluate(List<LabeledText> examples, double threshold) {
        return BinaryMetrics.of(scores(examples), labels(examples), threshold);
    }

    double[] scores(List<LabeledText> examples) {
        return examples.stream().mapToDouble(e -> probability(e.text())).toArray();
    }

    static int[] labels(List<LabeledText> examples) {
        return examples.stream().mapToInt(LabeledText::label).toArray();
    }

    /** Writes both files into {@code dir} (made if missing), each under a temporary name first. */
    public void write(Path dir) {
        int buckets = features.buckets();
        try {
            Files.createDirectories(dir);
            SafetensorsWriter.write(dir.resolve(WEIGHTS_FILE), DType.F32, List.of(
                    new SafetensorsWriter.Tensor("weight", new long[] {buckets}, params, 0),
                    new SafetensorsWriter.Tensor("bias", new long[] {1}, params, buckets)), Map.of("format", FORMAT));
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("format", FORMAT).put("version", 1).put("model", "logistic regression over hashed character n-grams");
            json.putObject("features").put("buckets", buckets).put("min_n", features.minN()).put("max_n", features.maxN())
                    .put("initials", features.initials());
            json.put("threshold", threshold);
            json.set("training", info);
            AtomicFiles.writeString(dir.resolve(INFO_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        } catch (IOException e) {
            throw new TrainingException("cannot write the classifier to " + dir + ": " + e.getMessage());
        }
    }

    public static TextClassifier read(Path dir) {
        Path info = dir.resolve(INFO_FILE), weights = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(info) || !Files.isRegularFile(weights)) {
            throw new TrainingException(dir + " is not a text classifier: it needs " + INFO_FILE + " and " + WEIGHTS_FILE
                    + " (made by hanlm classifier train)");
        }
        try {
            return read(Files.readAllBytes(info), Files.readAllBytes(weights), dir.toString());
        } catch (IOException e) {
            throw new TrainingException("cannot read the classifier in " + dir + ": " + e.getMessage());
        }
    }

    /** A classifier from its two files' bytes (a resource inside a jar); {@code source} names it in messages. */
    public static TextClassifier read(byte[] infoJson, byte[] safetensors, String source) {
        try {
            JsonNode json = JSON.readTree(infoJson);
            if (json == null || !FORMAT.equals(json.path("format").asText())) {
                throw new TrainingException(source + "/" + INFO_FILE + " is not a text classifier: its \"format\" is not \"" + FORMAT + "\"");
            }
            JsonNode f = json.path("features");
            NgramFeatures features = new NgramFeatures(f.path("buckets").asInt(), f.path("min_n").asInt(), f.path("max_n").asInt(),
                    f.path("initials").asBoolean());
            Map<String, SafetensorsFile.Entry> tensors = SafetensorsFile.read(safetensors, source + "/" + WEIGHTS_FILE);
            float[] params = new float[features.buckets() + 1];
            copy(tensors, "weight", params, 0, features.buckets(), source);
            copy(tensors, "bias", params, features.buckets(), 1, source);
            return new TextClassifier(features, params, json.path("threshold").asDouble(0.5), json.path("training"));
        } catch (IOException | IllegalArgumentException | EngineException e) {
            throw new TrainingException("cannot read the classifier in " + source + ": " + e.getMessage());
        }
    }

    private static void copy(Map<String, SafetensorsFile.Entry> tensors, String name, float[] into, int at, int size, String source) {
        SafetensorsFile.Entry e = tensors.get(name);
        if (e == null || !e.dtype().equals("F32") || e.elements() != size) {
            throw new TrainingException(source + "/" + WEIGHTS_FILE + " must hold the F32 tensor " + name + " of " + size + " values");
        }
        MemorySegment.copy(e.data(), ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, into, at, size);
    }
}

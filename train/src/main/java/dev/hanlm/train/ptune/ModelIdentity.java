package dev.hanlm.train.ptune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hanlm.engine.ModelConfig;
import dev.hanlm.engine.io.Checkpoint;
import dev.hanlm.engine.io.HfConfig;
import dev.hanlm.train.TrainingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * What a tuned prompt was tuned on: the model's shape and the SHA-256 of its weight files, so that a prompt is never
 * applied to another model (its embeddings mean nothing there). The directory is kept only to name it in messages.
 */
public record ModelIdentity(String architecture, int vocabSize, int hiddenSize, int layers, String weightsSha256,
                            String directory) {
    public static ModelIdentity of(Path dir, ModelConfig config) {
        return new ModelIdentity(config.architecture().name().toLowerCase(java.util.Locale.ROOT), config.vocabSize(),
                config.hiddenSize(), config.layers(), weightsSha256(dir), dir.toString());
    }

    /** SHA-256 over the bytes of the weight files: {@code model.safetensors}, or every shard in name order. */
    static String weightsSha256(Path dir) {
        List<Path> files = weightFiles(dir);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new TrainingException("cannot read the weights of " + dir + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static List<Path> weightFiles(Path dir) {
        Path single = dir.resolve(Checkpoint.SINGLE_FILE);
        if (Files.isRegularFile(single)) return List.of(single);
        JsonNode map = HfConfig.readJson(dir.resolve(Checkpoint.INDEX_FILE)).path("weight_map");
        TreeSet<String> shards = new TreeSet<>();
        map.properties().forEach(e -> shards.add(e.getValue().asText()));
        return shards.stream().map(dir::resolve).toList();
    }

    /** Refuses {@code other} unless it is the same model: same shape and same weight bytes. */
    public void requireSameAs(ModelIdentity other, Path prompt) {
        if (equalsIgnoringDirectory(other)) return;
        throw new TrainingException("the prompt in " + prompt + " was tuned on the model in " + directory + " (" + describe()
                + "), not on the model in " + other.directory + " (" + other.describe() + "); tune a prompt for this model with hanlm ptune");
    }

    private boolean equalsIgnoringDirectory(ModelIdentity o) {
        return architecture.equals(o.architecture) && vocabSize == o.vocabSize && hiddenSize == o.hiddenSize
                && layers == o.layers && weightsSha256.equals(o.weightsSha256);
    }

    private String describe() {
        return architecture + ", " + layers + " layers of " + hiddenSize + ", vocabulary " + vocabSize + ", weights sha256 "
                + weightsSha256.substring(0, Math.min(12, weightsSha256.length()));
    }
}

package dev.hanlm.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The fixtures of tools/make_engine_golden.py: model directories and the reference logits of their tokens. */
final class Golden {

    /** The fixed token sequence and the reference logits of every position. */
    record Reference(int[] tokens, float[][] logits) {}

    private Golden() {}

    static Path dir(String name) {
        try {
            return Path.of(Golden.class.getResource("/golden/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reference reference(String name) {
        try {
            JsonNode root = new ObjectMapper().readTree(dir(name).resolve("logits.json").toFile());
            int[] tokens = new int[root.get("tokens").size()];
            for (int i = 0; i < tokens.length; i++) tokens[i] = root.get("tokens").get(i).asInt();
            JsonNode rows = root.get("logits");
            float[][] logits = new float[rows.size()][];
            for (int t = 0; t < logits.length; t++) {
                logits[t] = new float[rows.get(t).size()];
                for (int i = 0; i < logits[t].length; i++) logits[t][i] = (float) rows.get(t).get(i).asDouble();
            }
            return new Reference(tokens, logits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A writable copy of the fixture directory {@code name}, in a new directory under {@code parent}. */
    static Path copy(String name, Path parent) throws IOException {
        Path target = Files.createTempDirectory(parent, name + "-");
        try (Stream<Path> files = Files.list(dir(name))) {
            for (Path f : files.toList()) Files.copy(f, target.resolve(f.getFileName()));
        }
        return target;
    }

    static float maxAbsDifference(float[][] a, float[][] b) {
        float max = 0;
        for (int t = 0; t < a.length; t++) {
            for (int i = 0; i < a[t].length; i++) max = Math.max(max, Math.abs(a[t][i] - b[t][i]));
        }
        return max;
    }

    /** All positions' logits of the reference tokens, run in one prefill. */
    static float[][] logits(String name, LoadOptions options) {
        try (LanguageModel model = LanguageModel.load(dir(name), options)) {
            return model.newSession().prefillAll(reference(name).tokens());
        }
    }
}

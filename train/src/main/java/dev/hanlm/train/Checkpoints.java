package dev.hanlm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.grad.Gpt2Shape;
import dev.hanlm.engine.grad.Gpt2Weights;
import dev.hanlm.engine.io.SafetensorsFile;
import dev.hanlm.engine.io.SafetensorsWriter;
import dev.hanlm.engine.kernels.DType;
import dev.hanlm.tokenizer.Tokenizer;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Resumable checkpoints, one directory per saved step, {@code checkpoints/step-00000100}:
 * <pre>
 * model.safetensors, config.json   the weights in f32, an HF gpt2 directory (loadable by the engine and transformers)
 * tokenizer.json (+ side file)     the tokenizer, so the checkpoint is a complete model directory
 * optimizer.safetensors            AdamW's moments: exp_avg, exp_avg_sq (f32, one value per parameter)
 * trainer_state.json               step, tokens seen, seed (which with the step fixes the data order and dropout), Adam's step count, the config
 * </pre>
 * A checkpoint is staged under a hidden name and renamed into place when complete, then {@code checkpoints/latest}
 * is pointed at it; so a kill at any moment leaves the previous checkpoint whole. Only the newest
 * {@code keep} are kept.
 */
final class Checkpoints {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE = "trainer_state.json";
    private static final String OPTIMIZER = "optimizer.safetensors";

    /** Where the loop stands: everything besides weights and moments that a resumed run needs. */
    record State(int step, long tokensSeen, long seed, String tokenizerHash) {}

    private final Path dir;
    private final int keep;

    Checkpoints(Path dir, int keep) {
        this.dir = dir;
        this.keep = keep;
    }

    Path write(int step, Gpt2Weights weights, AdamW optimizer, State state, TrainConfig config, Tokenizer tokenizer, int eosId) {
        Path target = dir.resolve(String.format("step-%08d", step));
        Path staging = AtomicFiles.temporary(target);
        try {
            Files.createDirectories(staging);
            weights.save(staging, DType.F32, eosId);
            tokenizer.save(staging);
            long[] shape = {optimizer.firstMoment().length};
            SafetensorsWriter.write(staging.resolve(OPTIMIZER), DType.F32, List.of(
                    new SafetensorsWriter.Tensor("exp_avg", shape, optimizer.firstMoment(), 0),
                    new SafetensorsWriter.Tensor("exp_avg_sq", shape, optimizer.secondMoment(), 0)), Map.of());
            ObjectNode s = JSON.createObjectNode().put("format", 1).put("step", state.step()).put("tokens_seen", state.tokensSeen()).put("seed", state.seed()).put("adam_steps", optimizer.steps())
                    .put("tokenizer_hash", state.tokenizerHash());
            s.set("config", config.toJson());
            AtomicFiles.writeString(staging.resolve(STATE), s.toPrettyString() + "\n");
            if (Files.exists(target)) AtomicFiles.deleteTree(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.writeString(dir.resolve("latest"), target.getFileName() + "\n");
            prune();
            return target;
        } catch (IOException e) {
            throw new TrainingException("could not write the checkpoint " + target + " (" + e.getMessage() + "); "
                    + latest().map(r -> "the checkpoint " + r.dir() + " is intact").orElse("no earlier checkpoint exists"), e);
        } finally {
            try {
                AtomicFiles.deleteTree(staging);
            } catch (IOException ignored) {
                // a leftover hidden staging folder is harmless and never read
            }
        }
    }

    private void prune() throws IOException {
        List<Path> all = complete();
        for (int i = 0; i + keep < all.size(); i++) AtomicFiles.deleteTree(all.get(i));
    }

    /** Complete checkpoints, oldest first. */
    private List<Path> complete() throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().matches("step-\\d+") && Files.isRegularFile(p.resolve(STATE)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    /** The newest complete checkpoint, read back. */
    Optional<Restored> latest() {
        try {
            Path pointer = dir.resolve("latest");
            Path chosen = null;
            if (Files.isRegularFile(pointer)) {
                Path named = dir.resolve(Files.readString(pointer).strip());
                if (Files.isRegularFile(named.resolve(STATE))) chosen = named;
            }
            if (chosen == null) {
                List<Path> all = complete();
                if (all.isEmpty()) return Optional.empty();
                chosen = all.getLast();
            }
            return Optional.of(Restored.read(chosen));
        } catch (IOException e) {
            throw new TrainingException("cannot read the checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A checkpoint read back into memory. */
    record Restored(Path dir, Gpt2Weights weights, float[] exp, float[] expSq, int adamSteps, State state, JsonNode config) {
        static Restored read(Path dir) throws IOException {
            JsonNode s;
            try {
                s = JSON.readTree(dir.resolve(STATE).toFile());
            } catch (IOException e) {
                throw new TrainingException("the checkpoint " + dir + " is damaged: " + STATE + " is not valid JSON", e);
            }
            Gpt2Weights weights = Gpt2Weights.load(dir);
            int n = weights.values().length;
            float[] m, v;
            try (Arena arena = Arena.ofConfined()) {
                Map<String, SafetensorsFile.Entry> tensors = SafetensorsFile.read(dir.resolve(OPTIMIZER), arena);
                m = moment(tensors, "exp_avg", n, dir);
                v = moment(tensors, "exp_avg_sq", n, dir);
            }
            State state = new State(s.path("step").asInt(), s.path("tokens_seen").asLong(),
                    s.path("seed").asLong(), s.path("tokenizer_hash").asText());
            return new Restored(dir, weights, m, v, s.path("adam_steps").asInt(), state, s.path("config"));
        }

        private static float[] moment(Map<String, SafetensorsFile.Entry> tensors, String name, int n, Path dir) {
            SafetensorsFile.Entry e = tensors.get(name);
            if (e == null || !e.dtype().equals("F32") || e.elements() != n) {
                throw new TrainingException("the checkpoint " + dir + " is damaged: " + OPTIMIZER + " lacks " + name + " as " + n + " f32 values");
            }
            float[] out = new float[n];
            java.lang.foreign.MemorySegment.copy(e.data(), ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0, out, 0, n);
            return out;
        }

        AdamW optimizer(TrainConfig config) {
            return new AdamW(weights, config.beta1(), config.beta2(), config.eps(), config.weightDecay(), exp, expSq, adamSteps);
        }

        /** Refuses to resume into a config of another model shape or data from another tokenizer. */
        void requireCompatible(TrainConfig config, Gpt2Shape expected, String dataTokenizerHash) {
            if (!weights.shape().equals(expected)) {
                throw new TrainingException("the checkpoint " + dir + " holds a model of shape " + describe(weights.shape())
                        + " but the config asks for " + describe(expected) + "; resume with the settings it was trained with");
            }
            if (!state.tokenizerHash().equals(dataTokenizerHash)) {
                throw new TrainingException("the checkpoint " + dir + " was trained on data from another tokenizer than " + config.data());
            }
        }

        private static String describe(Gpt2Shape s) {
            return String.format("layers=%d d_model=%d heads=%d context=%d vocab=%d", s.layers(), s.dModel(), s.heads(), s.contextLength(), s.vocabSize());
        }
    }
}

package dev.hanlm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.kernels.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Everything a training run is: the model shape, the data, the batch, the schedule and the intervals. It is read from
 * a JSON object whose keys are listed in {@link #KEYS} (each is also a command-line flag: {@code d_model} is
 * {@code --d-model}); a key left out takes its default. The resolved config is saved with every checkpoint.
 *
 * @param steps optimizer updates; when {@code tokens} is given instead, the steps that cover that many tokens
 */
public record TrainConfig(
        Path data, Path output, Path tokenizer, Path initFrom,
        int layers, int dModel, int heads, int context,
        int batchSize, int seqLen, int gradAccum, int steps,
        double lr, double minLr, int warmupSteps, double weightDecay, double beta1, double beta2, double eps,
        double gradClip, float dropout,
        int evalInterval, int evalBatches, int checkpointInterval, int keepCheckpoints,
        long seed, DType saveDtype) {

    /** A config key: its JSON name, the kind of value, the default ("" for none) and what it means. */
    public record Key(String name, Class<?> type, String defaultValue, String description) {
        /** The command-line flag of this key. */
        public String flag() {
            return "--" + name.replace('_', '-');
        }
    }

    public static final List<Key> KEYS = List.of(
            new Key("data", Path.class, "", "Directory written by `hanlm data prepare` (required)."),
            new Key("output", Path.class, "", "Run directory: checkpoints, log, loss curve and the final model (required)."),
            new Key("tokenizer", Path.class, "", "Tokenizer directory copied into the model (default: the one the data was prepared with)."),
            new Key("init_from", Path.class, "", "A gpt2 model directory to fine-tune instead of starting from random weights; its shape wins."),
            new Key("layers", Integer.class, "4", "Transformer blocks."),
            new Key("d_model", Integer.class, "256", "Width of the residual stream."),
            new Key("heads", Integer.class, "4", "Attention heads; must divide d_model."),
            new Key("context", Integer.class, "256", "Positions the model can see (n_positions)."),
            new Key("batch_size", Integer.class, "8", "Sequences per micro-batch."),
            new Key("seq_len", Integer.class, "0", "Tokens per training sequence (0: the context)."),
            new Key("grad_accum", Integer.class, "1", "Micro-batches summed into one update."),
            new Key("steps", Integer.class, "0", "Optimizer updates (give this or tokens)."),
            new Key("tokens", Long.class, "0", "Train on this many tokens instead of a number of steps."),
            new Key("lr", Double.class, "6e-4", "Peak learning rate."),
            new Key("min_lr", Double.class, "-1", "Learning rate at the end of the cosine decay (default: lr / 10)."),
            new Key("warmup_steps", Integer.class, "-1", "Linear warmup steps (default: 5% of the steps, at most 1000)."),
            new Key("weight_decay", Double.class, "0.1", "Decoupled weight decay on matrices and embeddings."),
            new Key("beta1", Double.class, "0.9", "Adam's first-moment decay."),
            new Key("beta2", Double.class, "0.95", "Adam's second-moment decay."),
            new Key("eps", Double.class, "1e-8", "Adam's epsilon."),
            new Key("grad_clip", Double.class, "1.0", "Clip the gradient's global L2 norm to this (0: no clipping)."),
            new Key("dropout", Double.class, "0.0", "Dropout rate on embeddings, attention and residuals."),
            new Key("eval_interval", Integer.class, "100", "Steps between validation-loss measurements (0: only at the end)."),
            new Key("eval_batches", Integer.class, "20", "Micro-batches of validation data per measurement."),
            new Key("checkpoint_interval", Integer.class, "500", "Steps between checkpoints (0: only at the end)."),
            new Key("keep_checkpoints", Integer.class, "2", "Checkpoints kept; older ones are deleted after a newer one is written."),
            new Key("seed", Long.class, "42", "Seed of the initial weights, the data order and dropout."),
            new Key("save_dtype", String.class, "f32", "dtype of the final model: f32 or bf16 (checkpoints are always f32)."));

    private static final ObjectMapper JSON = new ObjectMapper();

    public TrainConfig {
        require(data != null, "data is required: the directory written by `hanlm data prepare`");
        require(output != null, "output is required: the directory of this run");
        require(layers > 0, "layers must be positive, not " + layers);
        require(dModel > 0, "d_model must be positive, not " + dModel);
        require(heads > 0, "heads must be positive, not " + heads);
        require(dModel % heads == 0, "heads (" + heads + ") must divide d_model (" + dModel + ")");
        require(context > 1, "context must be at least 2, not " + context);
        require(batchSize > 0, "batch_size must be positive, not " + batchSize);
        require(seqLen > 1 && seqLen <= context, "seq_len must be between 2 and the context (" + context + "), not " + seqLen);
        require(gradAccum > 0, "grad_accum must be positive, not " + gradAccum);
        require(steps > 0, "steps must be positive (or give tokens), not " + steps);
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), not " + dropout);
        require(gradClip >= 0, "grad_clip must not be negative, not " + gradClip);
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1)");
        require(evalInterval >= 0 && checkpointInterval >= 0, "eval_interval and checkpoint_interval must not be negative");
        require(evalBatches > 0, "eval_batches must be positive, not " + evalBatches);
        require(keepCheckpoints > 0, "keep_checkpoints must be at least 1, not " + keepCheckpoints);
        require(saveDtype == DType.F32 || saveDtype == DType.BF16, "save_dtype must be f32 or bf16");
        new LearningRateSchedule(lr, minLr, warmupSteps, steps);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new TrainingException(message);
    }

    /** Tokens consumed by one optimizer update. */
    public long tokensPerStep() {
        return (long) batchSize * seqLen * gradAccum;
    }

    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(lr, minLr, warmupSteps, steps);
    }

    /** Reads a config file; its keys may be overridden by {@code overrides} (flags), and missing keys take their defaults. */
    public static TrainConfig read(Path file, ObjectNode overrides) {
        ObjectNode merged = JSON.createObjectNode();
        if (file != null) {
            try {
                JsonNode root = JSON.readTree(file.toFile());
                if (!(root instanceof ObjectNode object)) throw new TrainingException(file + " must hold a JSON object of training settings");
                merged.setAll(object);
            } catch (IOException e) {
                throw new TrainingException("cannot read the training config " + file + ": " + e.getMessage(), e);
            }
        }
        merged.setAll(overrides);
        return of(merged);
    }

    /** Builds a config from JSON keys (see {@link #KEYS}); unknown keys and values of the wrong kind are refused. */
    public static TrainConfig of(ObjectNode json) {
        List<String> known = KEYS.stream().map(Key::name).toList();
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) throw new TrainingException("unknown training setting '" + name + "'; the settings are " + known);
        }
        int context = integer(json, "context");
        int seqLen = integer(json, "seq_len");
        if (seqLen == 0) seqLen = context;
        int batch = integer(json, "batch_size"), accum = integer(json, "grad_accum");
        int steps = integer(json, "steps");
        long tokens = number(json, "tokens").longValue();
        if (steps > 0 && tokens > 0) throw new TrainingException("give steps or tokens, not both");
        if (tokens > 0) steps = (int) Math.max(1, Math.ceilDiv(tokens, (long) batch * seqLen * accum));
        double lr = number(json, "lr").doubleValue();
        double minLr = number(json, "min_lr").doubleValue();
        int warmup = integer(json, "warmup_steps");
        String dtype = text(json, "save_dtype").toLowerCase(Locale.ROOT);
        return new TrainConfig(path(json, "data"), path(json, "output"), path(json, "tokenizer"), path(json, "init_from"),
                integer(json, "layers"), integer(json, "d_model"), integer(json, "heads"), context,
                batch, seqLen, accum, steps,
                lr, minLr < 0 ? lr / 10 : minLr, warmup < 0 ? Math.min(1000, steps / 20) : warmup,
                number(json, "weight_decay").doubleValue(), number(json, "beta1").doubleValue(), number(json, "beta2").doubleValue(),
                number(json, "eps").doubleValue(), number(json, "grad_clip").doubleValue(), number(json, "dropout").floatValue(),
                integer(json, "eval_interval"), integer(json, "eval_batches"), integer(json, "checkpoint_interval"),
                integer(json, "keep_checkpoints"), number(json, "seed").longValue(),
                switch (dtype) {
                    case "f32" -> DType.F32;
                    case "bf16" -> DType.BF16;
                    default -> throw new TrainingException("save_dtype must be f32 or bf16, not '" + dtype + "'");
                });
    }

    /** This config as JSON, every key present (what a checkpoint records, and what {@link #of} reads back). */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("data", data.toString());
        o.put("output", output.toString());
        if (tokenizer != null) o.put("tokenizer", tokenizer.toString());
        if (initFrom != null) o.put("init_from", initFrom.toString());
        o.put("layers", layers).put("d_model", dModel).put("heads", heads).put("context", context);
        o.put("batch_size", batchSize).put("seq_len", seqLen).put("grad_accum", gradAccum).put("steps", steps);
        o.put("lr", lr).put("min_lr", minLr).put("warmup_steps", warmupSteps).put("weight_decay", weightDecay);
        o.put("beta1", beta1).put("beta2", beta2).put("eps", eps).put("grad_clip", gradClip).put("dropout", (double) dropout);
        o.put("eval_interval", evalInterval).put("eval_batches", evalBatches).put("checkpoint_interval", checkpointInterval);
        o.put("keep_checkpoints", keepCheckpoints).put("seed", seed).put("save_dtype", saveDtype.name().toLowerCase(Locale.ROOT));
        return o;
    }

    private static Key key(String name) {
        return KEYS.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode value(ObjectNode json, String name) {
        JsonNode v = json.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private static Number number(ObjectNode json, String name) {
        JsonNode v = value(json, name);
        if (v == null) return Double.valueOf(key(name).defaultValue());
        if (v.isNumber()) return v.numberValue();
        if (v.isTextual()) {
            try {
                return Double.valueOf(v.asText());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new TrainingException(name + " must be a number, not " + v);
    }

    private static int integer(ObjectNode json, String name) {
        Number n = number(json, name);
        if (n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
            throw new TrainingException(name + " must be a whole number, not " + n);
        }
        return n.intValue();
    }

    private static String text(ObjectNode json, String name) {
        JsonNode v = value(json, name);
        return v == null ? key(name).defaultValue() : v.asText();
    }

    private static Path path(ObjectNode json, String name) {
        String s = text(json, name);
        return s.isEmpty() ? null : Path.of(s);
    }
}

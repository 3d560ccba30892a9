package dev.hanlm.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.grad.Gpt2Shape;
import dev.hanlm.engine.grad.Gpt2Weights;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * llm.c's CPU trainer ({@code train_gpt2.c}, built elsewhere) on one of {@link GradStepBench}'s shapes, with the same
 * GPT-2-initialized weights: writes them and random tokens in llm.c's formats ({@link LlmcFiles}) under the relative
 * paths its {@code main()} reads, runs the binary there on {@code OMP_NUM_THREADS} threads, and times the steps it
 * reports ({@code step N: train loss X (took Y ms)}: forward, zeroing, backward and AdamW; its validation before steps
 * 0 and 10 and its sampling before 20 are outside). Stops it once warm-up and timed steps are reported, and prints one
 * {@code RESULT {json}} line. Usage: {@code LlmcBench --llmc PATH --dir DIR [--shape gpt2-small|bundled] [--steps 8]
 * [--warmup 2] [--threads 2]}.
 *
 * <p>{@code main()} takes no arguments: batch 4 x 64 is fixed and it runs 41 steps.
 */
public final class LlmcBench {
    static final int BATCH = 4, SEQ_LEN = 64, MAX_STEPS = 41;
    /** Batches in each token file; checked against the count llm.c prints, which catches a binary of another B x T. */
    private static final int BATCHES = 32;
    private static final Pattern STEP = Pattern.compile("^step (\\d+): train loss \\S+ \\(took ([0-9.]+) ms\\)");
    private static final Pattern TRAIN_BATCHES = Pattern.compile("^train dataset num_batches: (\\d+)");

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        Path binary = Path.of(o.get("llmc")).toAbsolutePath(), dir = Path.of(o.get("dir"));
        String name = o.getOrDefault("shape", "gpt2-small");
        int steps = Integer.parseInt(o.getOrDefault("steps", "8")), warmup = Integer.parseInt(o.getOrDefault("warmup", "2"));
        int threads = Integer.parseInt(o.getOrDefault("threads", "2"));
        if (warmup + steps > MAX_STEPS) throw new IllegalArgumentException("llm.c runs " + MAX_STEPS + " steps, fewer than " + (warmup + steps));
        Gpt2Shape shape = GradStepBench.shape(name);
        writeInputs(shape, dir);
        List<Double> seconds = run(binary, dir, threads, warmup, steps);
        ObjectNode r = GradStepBench.result("llm.c", name, shape, BATCH, SEQ_LEN, threads, seconds);
        r.put("binary", binary.toString());
        EngineBench.result(r);
    }

    /** The files {@code main()} opens, relative to its working directory; without a tokenizer file it samples token ids. */
    private static void writeInputs(Gpt2Shape shape, Path dir) throws IOException {
        LlmcFiles.writeModel(Gpt2Weights.initialize(shape, 1), dir.resolve("gpt2_124M.bin"));
        SplittableRandom random = new SplittableRandom(1);
        for (String split : List.of("train", "val")) {
            int[] tokens = random.ints(BATCHES * BATCH * SEQ_LEN + 1, 0, shape.vocabSize()).toArray();
            LlmcFiles.writeTokens(tokens, dir.resolve("dev/data/tinyshakespeare/tiny_shakespeare_" + split + ".bin"));
        }
        Files.deleteIfExists(dir.resolve("gpt2_tokenizer.bin"));
    }

    /** Seconds of each step after the warm-up; llm.c's output goes to stderr (the script's log). */
    private static List<Double> run(Path binary, Path dir, int threads, int warmup, int steps) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(binary.toString()).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        Process p = pb.start();
        List<Double> seconds = new ArrayList<>();
        int reported = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; reported < warmup + steps && (line = in.readLine()) != null; ) {
                System.err.println("llm.c: " + line);
                Matcher batches = TRAIN_BATCHES.matcher(line), step = STEP.matcher(line);
                if (batches.find() && Integer.parseInt(batches.group(1)) != BATCHES) {
                    throw new IllegalStateException(binary + " reads " + batches.group(1) + " batches where a "
                            + BATCH + " x " + SEQ_LEN + " batch gives " + BATCHES + ": not train_gpt2.c's fixed shape");
                }
                if (step.find() && reported++ >= warmup) seconds.add(Double.parseDouble(step.group(2)) / 1e3);
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
        if (reported < warmup + steps) {
            throw new IllegalStateException(binary + " stopped with exit code " + p.exitValue() + " after " + reported + " steps");
        }
        return seconds;
    }
}

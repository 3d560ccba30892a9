package dev.hanlm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code log.jsonl}: one JSON object per update ({@code step, loss, lr, grad_norm, tokens, tokens_per_s, time_s})
 * and per validation ({@code step, val_loss, val_ppl}), flushed as written. A resumed run first drops the lines
 * after its checkpoint, so the log reads as if the run had never stopped. The points are kept for the loss chart.
 */
final class TrainingLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A (step, value) point of a curve. */
    record Point(int step, double value) {}

    private final BufferedWriter out;
    private final List<Point> trainLoss = new ArrayList<>();
    private final List<Point> validationLoss = new ArrayList<>();

    private TrainingLog(Path file, List<String> kept) throws IOException {
        for (String line : kept) remember(JSON.readTree(line));
        if (!kept.isEmpty()) AtomicFiles.writeString(file, String.join("\n", kept) + "\n");
        else AtomicFiles.writeString(file, "");
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    static TrainingLog create(Path file) {
        try {
            return new TrainingLog(file, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the lines of steps up to {@code step} (a truncated last line, from a kill, is dropped too). */
    static TrainingLog resume(Path file, int step) {
        try {
            List<String> kept = new ArrayList<>();
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    JsonNode node = parse(line);
                    if (node != null && node.path("step").asInt(Integer.MAX_VALUE) <= step) kept.add(line);
                }
            }
            return new TrainingLog(file, kept);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return line.isBlank() ? null : JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    void step(Trainer.StepReport r) {
        ObjectNode o = JSON.createObjectNode().put("step", r.step()).put("loss", r.loss()).put("lr", r.lr())
                .put("grad_norm", r.gradNorm()).put("tokens", r.tokensSeen()).put("tokens_per_s", r.tokensPerSecond())
                .put("time_s", r.elapsedSeconds());
        write(o);
    }

    void evaluation(int step, double loss) {
        write(JSON.createObjectNode().put("step", step).put("val_loss", loss).put("val_ppl", Math.exp(loss)));
    }

    private void write(ObjectNode o) {
        remember(o);
        try {
            out.write(o.toString());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void remember(JsonNode o) {
        if (o.has("loss")) trainLoss.add(new Point(o.get("step").asInt(), o.get("loss").asDouble()));
        if (o.has("val_loss")) validationLoss.add(new Point(o.get("step").asInt(), o.get("val_loss").asDouble()));
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Point> trainLoss() {
        return trainLoss;
    }

    List<Point> validationLoss() {
        return validationLoss;
    }
}

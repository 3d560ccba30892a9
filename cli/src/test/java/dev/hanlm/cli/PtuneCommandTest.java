package dev.hanlm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hanlm.engine.grad.Gpt2Shape;
import dev.hanlm.engine.grad.Gpt2Weights;
import dev.hanlm.engine.kernels.DType;
import dev.hanlm.tokenizer.AddedToken;
import dev.hanlm.tokenizer.BpeModel;
import dev.hanlm.tokenizer.ByteLevel;
import dev.hanlm.tokenizer.Normalizer;
import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.train.ptune.TunedPrompt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hanlm ptune} end to end on a tiny random GPT-2 over a byte-level tokenizer, and the tuned prompt used by
 * {@code hanlm eval|generate --prompt-embeddings}: the files it writes, the refusals, not the scores.
 */
class PtuneCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PROMPT_TOKENS = 4, WIDTH = 16;

    @TempDir
    static Path tmp;
    static Path model, otherModel, train, dev, prompt;
    static CliRun tuned;

    @BeforeAll
    static void tune() throws IOException {
        model = writeTinyModel(tmp.resolve("model"), 1);
        otherModel = writeTinyModel(tmp.resolve("other-model"), 2);
        train = Files.writeString(tmp.resolve("train.tsv"), """
                id\tdocument\tlabel
                1\t정말 재미있다\t1
                2\t너무 지루하다\t0
                3\t최고의 영화\t1
                4\t시간 낭비\t0
                5\t배우들이 멋지다\t1
                6\t별로다\t0
                """);
        dev = Files.writeString(tmp.resolve("dev.tsv"), """
                id\tdocument\tlabel
                7\t감동적이다\t1
                8\t지루했다\t0
                9\t좋았다\t1
                10\t최악\t0
                """);
        prompt = tmp.resolve("prompt");
        tuned = CliRun.of("ptune", "--model", model.toString(), "--task", "nsmc", "--train", train.toString(),
                "--dev", dev.toString(), "--output", prompt.toString(), "--prompt-tokens", String.valueOf(PROMPT_TOKENS),
                "--steps", "2", "--batch-size", "2", "--eval-interval", "1", "--warmup-steps", "1", "--lr", "0.01");
    }

    @Test
    void ptuneWritesTheBestPromptAndSaysHowItScored() throws Exception {
        assertEquals(0, tuned.exitCode(), tuned.err());
        assertTrue(Files.isRegularFile(prompt.resolve("prompt.safetensors")));
        assertTrue(Files.isRegularFile(prompt.resolve("prompt.json")));

        String err = tuned.err();
        assertTrue(err.contains("p-tuning 4 virtual tokens (lstm encoder)"), err);
        assertTrue(err.contains("6 training and 4 dev items"), err);
        for (int step : new int[] {0, 1, 2}) {
            assertTrue(err.lines().anyMatch(l -> l.startsWith("step " + step + ": dev accuracy ")), "no dev score at step " + step + ":\n" + err);
        }
        Matcher best = Pattern.compile("best accuracy (\\d+\\.\\d{4}) at step (\\d+)").matcher(err);
        assertTrue(best.find(), err);

        JsonNode info = JSON.readTree(prompt.resolve("prompt.json").toFile());
        assertEquals("hanlm-tuned-prompt", info.path("format").asText());
        assertEquals("nsmc", info.path("task").asText());
        assertEquals("[P0..P1] 리뷰: {document} [P2..P3]\n감정: {label}", info.path("template").asText());
        assertEquals(PROMPT_TOKENS, info.path("prompt_tokens").asInt());
        assertEquals(Map.of("1", "긍정", "0", "부정"), JSON.convertValue(info.path("verbalizers"), Map.class));
        assertTrue(info.path("base_model").path("weightsSha256").asText().matches("[0-9a-f]{64}"), info.toString());
        assertEquals(WIDTH, info.path("base_model").path("hiddenSize").asInt());
        JsonNode training = info.path("training");
        assertEquals("accuracy", training.path("dev_metric").asText());
        assertEquals(Double.parseDouble(best.group(1)), training.path("dev_score").asDouble(), 1e-4,
                "prompt.json holds the best prompt's score");
        assertEquals("lstm", training.path("encoder").asText());
        assertEquals(2, training.path("steps").asInt());
        assertEquals(6, training.path("train_items").asInt());

        TunedPrompt read = TunedPrompt.read(prompt);
        assertEquals(PROMPT_TOKENS * WIDTH, read.embeddings().length);
    }

    @Test
    void aRunResumesOnlyWithItsOwnSettingsAndIsNotOverwritten(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        List<String> args = new ArrayList<>(List.of("ptune", "--model", model.toString(), "--task", "nsmc", "--train",
                train.toString(), "--dev", dev.toString(), "--output", out.toString(), "--prompt-tokens", "2", "--steps", "4",
                "--batch-size", "2", "--eval-interval", "2", "--warmup-steps", "1"));
        assertEquals(0, CliRun.of(args.toArray(String[]::new)).exitCode());
        JsonNode state = JSON.readTree(out.resolve("tuning-state.json").toFile());
        assertEquals(4, state.path("step").asInt());

        CliRun again = CliRun.of(args.toArray(String[]::new));
        assertNotEquals(0, again.exitCode());
        assertTrue(again.err().contains("already holds a p-tuning run: continue it with --resume"), again.err());

        args.add("--resume");
        CliRun resumed = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("resuming at step 4 of 4"), resumed.err());

        args.addAll(List.of("--lr", "0.5"));
        CliRun changed = CliRun.of(args.toArray(String[]::new));
        assertEquals(1, changed.exitCode(), changed.err());
        assertTrue(changed.err().contains("was started with other settings"), changed.err());
    }

    @Test
    void evalUsesTheTunedPromptZeroShotAndRefusesShots() {
        assertEquals(0, tuned.exitCode(), tuned.err());
        CliRun eval = CliRun.of("eval", "--task", "nsmc", "--data", dev.toString(), "--prompt-embeddings", prompt.toString(),
                "--model", model.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().startsWith("nsmc · "), eval.out());
        String header = eval.out().lines().findFirst().orElse("");
        assertTrue(header.contains(prompt.getFileName().toString()), "the table names the prompt: " + header);
        assertTrue(eval.out().contains("4 items"), eval.out());
        assertTrue(eval.out().lines().anyMatch(l -> l.startsWith("shots") && l.contains("accuracy")), eval.out());
        assertTrue(eval.out().lines().anyMatch(l -> l.startsWith("0      1 ")), "only the zero-shot row:\n" + eval.out());
        assertFalse(eval.out().lines().anyMatch(l -> l.startsWith("1 ") || l.startsWith("5 ")), eval.out());

        CliRun shots = CliRun.of("eval", "--task", "nsmc", "--data", dev.toString(), "--prompt-embeddings", prompt.toString(),
                "--model", model.toString(), "--shots", "1");
        assertNotEquals(0, shots.exitCode());
        String line = lastLine(shots.err());
        assertTrue(line.startsWith("hanlm: ") && line.contains("zero-shot"), shots.err());
        assertEquals(1, shots.err().strip().lines().count(), shots.err());
        assertEquals("", shots.out());
    }

    @Test
    void generateFillsTheTemplateAndRefusesAnotherModel() throws Exception {
        assertEquals(0, tuned.exitCode(), tuned.err());
        CliRun text = CliRun.of("generate", "--model", model.toString(), "--prompt-embeddings", prompt.toString(),
                "--max-tokens", "3", "--seed", "1", "재미있다");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().endsWith("\n"), text.out());

        CliRun json = CliRun.of("generate", "--model", model.toString(), "--prompt-embeddings", prompt.toString(),
                "--max-tokens", "3", "--seed", "1", "--json", "재미있다");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode result = JSON.readTree(json.out());
        int generated = result.get("ids").size();
        assertTrue(generated >= 1 && generated <= 3, json.out());
        // the byte-level tokenizer has no merges: one id per byte of "리뷰: 재미있다" and "감정:" (the new line beside the
        // virtual tokens is dropped), and the 4 virtual tokens
        int bytes = "리뷰: 재미있다감정:".getBytes(StandardCharsets.UTF_8).length;
        assertEquals(PROMPT_TOKENS + bytes, result.get("prompt_tokens").asInt(), json.out());
        assertEquals(text.out().strip(), result.get("text").asText().strip(), "the same seed, the same text");

        CliRun other = CliRun.of("generate", "--model", otherModel.toString(), "--prompt-embeddings", prompt.toString(),
                "--max-tokens", "3", "--seed", "1", "재미있다");
        assertEquals(1, other.exitCode(), other.err());
        assertTrue(other.err().contains("was tuned on the model in " + model), other.err());
        assertTrue(other.err().contains("not on the model in " + otherModel), other.err());
        assertEquals(1, other.err().strip().lines().count(), other.err());

        CliRun otherEval = CliRun.of("eval", "--task", "nsmc", "--data", dev.toString(), "--prompt-embeddings", prompt.toString(),
                "--model", otherModel.toString());
        assertEquals(1, otherEval.exitCode(), otherEval.err());
        assertTrue(otherEval.err().contains("was tuned on the model in"), otherEval.err());
    }

    @Test
    void aTaskFileWithItsOwnTemplateAndEncoder(@TempDir Path dir) throws Exception {
        Path task = Files.writeString(dir.resolve("mood.json"), """
                {"name": "mood", "template": "문장: {text}\\n기분:", "answer": "label",
                 "verbalizers": {"pos": "좋음", "neg": "나쁨"}}
                """);
        Path items = Files.writeString(dir.resolve("items.jsonl"), """
                {"text": "정말 재미있다", "label": "pos"}
                {"text": "너무 지루하다", "label": "neg"}
                {"text": "최고의 영화", "label": "pos"}
                """);
        Path out = dir.resolve("mood-prompt");
        String template = "[P0] 문장: {text} [P1] 기분: {label}";
        CliRun run = CliRun.of("ptune", "--model", model.toString(), "--task", task.toString(), "--train", items.toString(),
                "--dev", items.toString(), "--dev-limit", "2", "--output", out.toString(), "--template", template,
                "--encoder", "none", "--steps", "2", "--batch-size", "2", "--eval-interval", "1", "--warmup-steps", "0");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("p-tuning 2 virtual tokens (none encoder)"), run.err());
        assertTrue(run.err().contains("3 training and 2 dev items"), run.err());
        JsonNode info = JSON.readTree(out.resolve("prompt.json").toFile());
        assertEquals(template, info.path("template").asText());
        assertEquals(2, info.path("prompt_tokens").asInt());
        assertEquals("mood", info.path("task").asText());
        assertEquals(Map.of("pos", "좋음", "neg", "나쁨"), JSON.convertValue(info.path("verbalizers"), Map.class));
        assertEquals("none", info.path("training").path("encoder").asText());

        // a prompt tuned for other labels does not evaluate nsmc
        CliRun wrongTask = CliRun.of("eval", "--task", "nsmc", "--data", dev.toString(), "--prompt-embeddings", out.toString(),
                "--model", model.toString());
        assertEquals(1, wrongTask.exitCode(), wrongTask.err());
        assertTrue(wrongTask.err().contains("the prompt was tuned for the labels [pos, neg]"), wrongTask.err());

        CliRun mismatch = CliRun.of("ptune", "--model", model.toString(), "--task", task.toString(), "--train", items.toString(),
                "--dev", items.toString(), "--output", dir.resolve("never").toString(), "--template", template, "--prompt-tokens", "3");
        assertNotEquals(0, mismatch.exitCode());
        assertTrue(mismatch.err().contains("--template has 2 virtual tokens but --prompt-tokens says 3"), mismatch.err());
        assertFalse(Files.exists(dir.resolve("never")));
    }

    @Test
    void badInputIsRefusedWithOneClearLine(@TempDir Path dir) throws Exception {
        Path never = dir.resolve("never");
        CliRun encoder = ptune(never, "--encoder", "foo");
        assertNotEquals(0, encoder.exitCode());
        String first = encoder.err().lines().findFirst().orElse("");
        assertTrue(first.contains("lstm") && first.contains("mlp") && first.contains("none") && first.contains("foo"), encoder.err());
        CliRun loss = ptune(never, "--loss", "bar");
        assertNotEquals(0, loss.exitCode());
        assertTrue(loss.err().lines().findFirst().orElse("").contains("--loss must be one of labels, vocabulary, not bar"), loss.err());

        CliRun noLabel = ptune(never, "--template", "[P0..P3] 리뷰: {document} 감정:");
        assertEquals(1, noLabel.exitCode(), noLabel.err());
        assertTrue(noLabel.err().startsWith("hanlm: the prompt template \"[P0..P3] 리뷰: {document} 감정:\" is not valid: it has no {label}"),
                noLabel.err());
        assertEquals(1, noLabel.err().strip().lines().count(), noLabel.err());
        assertFalse(Files.exists(never), "nothing is written when the command line is wrong");

        Path notAPrompt = Files.createDirectories(dir.resolve("not-a-prompt"));
        CliRun generate = CliRun.of("generate", "--model", model.toString(), "--prompt-embeddings", notAPrompt.toString(),
                "--max-tokens", "3", "text");
        assertEquals(1, generate.exitCode(), generate.err());
        assertTrue(generate.err().contains(notAPrompt + " is not a tuned prompt"), generate.err());
        assertEquals(1, generate.err().strip().lines().count(), generate.err());

        CliRun eval = CliRun.of("eval", "--task", "nsmc", "--data", dev.toString(), "--prompt-embeddings", model.toString(),
                "--model", model.toString());
        assertEquals(1, eval.exitCode(), eval.err());
        assertTrue(eval.err().contains(model + " is not a tuned prompt"), eval.err());

        Path wrongFormat = Files.createDirectories(dir.resolve("wrong-format"));
        Files.writeString(wrongFormat.resolve("prompt.json"), "{\"format\": \"something-else\"}");
        Files.write(wrongFormat.resolve("prompt.safetensors"), new byte[16]);
        CliRun wrong = CliRun.of("generate", "--model", model.toString(), "--prompt-embeddings", wrongFormat.toString(),
                "--max-tokens", "3", "text");
        assertEquals(1, wrong.exitCode(), wrong.err());
        assertTrue(wrong.err().contains("is not a tuned prompt"), wrong.err());
    }

    private static CliRun ptune(Path output, String... more) {
        List<String> args = new ArrayList<>(List.of("ptune", "--model", model.toString(), "--task", "nsmc", "--train",
                train.toString(), "--dev", dev.toString(), "--output", output.toString(), "--steps", "1"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static String lastLine(String s) {
        List<String> lines = s.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.getLast().strip();
    }

    /**
     * A random GPT-2 (1 layer, width 16, 2 heads, context 64) over a byte-level tokenizer (id 0 the end of text, ids
     * 1..256 the bytes, no merges), as train's ptune tests build it; another seed, other weights of the same shape.
     */
    static Path writeTinyModel(Path dir, long seed) {
        List<String> vocab = new ArrayList<>(List.of("<|endoftext|>"));
        for (int b = 0; b < 256; b++) vocab.add(String.valueOf(ByteLevel.charOf(b)));
        BpeModel bpe = new BpeModel(vocab.toArray(String[]::new), List.of(), BpeModel.Options.byteLevelDefaults());
        Tokenizer tokenizer = Tokenizer.byteLevel(bpe, Normalizer.none(), List.of(AddedToken.special(0, "<|endoftext|>")), null);
        Gpt2Weights w = Gpt2Weights.zeros(new Gpt2Shape(vocab.size(), 64, 1, 2, WIDTH));
        Random random = new Random(seed);
        for (Gpt2Weights.Parameter p : w.parameters()) {
            boolean normWeight = p.name().contains("ln_") && p.name().endsWith("weight");
            for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                w.values()[i] = normWeight ? 1f : (float) (random.nextGaussian() * (p.shape().length == 2 ? 0.2 : 0.02));
            }
        }
        w.save(dir, DType.F32, 0);
        tokenizer.save(dir);
        return dir;
    }
}

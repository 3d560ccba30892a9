package dev.hanlm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.GenerationResult;
import dev.hanlm.engine.Generator;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate and score on a tiny random GPT-2, checked against the engine's API and a direct forward pass. */
class GenerateAndScoreCliTest {
    private static final String PROMPT = "한국어 언어 모델은";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path model;
    static Tokenizer tokenizer;
    static Path noTokenizer;

    @BeforeAll
    static void writeModels() throws IOException {
        model = TinyModel.write(tmp.resolve("tiny")).dir();
        tokenizer = Tokenizer.load(model);
        noTokenizer = TinyModel.write(tmp.resolve("no-tokenizer")).dir();
        Files.delete(noTokenizer.resolve("tokenizer.json"));
    }

    private static JsonNode json(CliRun run) throws IOException {
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.out());
    }

    private static int[] ints(JsonNode array) {
        return IntStream.range(0, array.size()).map(i -> array.get(i).asInt()).toArray();
    }

    private static GenerationResult engineGreedy(int[] prompt, int maxTokens) {
        try (LanguageModel m = LanguageModel.load(model)) {
            return new Generator(m).generate(prompt, GenerationOptions.defaults().withTemperature(0).withMaxTokens(maxTokens));
        }
    }

    @Test
    void generateJsonGivesTheEnginesGreedyTokensWithTheirLogprobs() throws IOException {
        JsonNode out = json(CliRun.of("generate", "--model", model.toString(), "--greedy", "--max-tokens", "6",
                "--top-logprobs", "2", "--json", PROMPT));
        int[] prompt = tokenizer.encode(PROMPT, true);
        GenerationResult expected = engineGreedy(prompt, 6);
        assertArrayEquals(expected.ids(), ints(out.get("ids")));
        assertEquals(expected.text(), out.get("text").asText());
        assertEquals(expected.finishReason().name().toLowerCase(), out.get("finish_reason").asText());
        assertEquals(prompt.length, out.get("prompt_tokens").asInt());
        try (LanguageModel m = LanguageModel.load(model)) {
            int[] all = IntStream.concat(Arrays.stream(prompt), Arrays.stream(expected.ids())).toArray();
            float[][] logits = m.newSession().prefillAll(all);
            for (int i = 0; i < expected.ids().length; i++) {
                double lp = logSoftmax(logits[prompt.length - 1 + i])[expected.ids()[i]];
                assertEquals(lp, out.get("logprobs").get(i).asDouble(), 1e-4, "token " + i);
                JsonNode top = out.get("top_logprobs").get(i);
                assertEquals(2, top.size());
                assertEquals(expected.ids()[i], top.get(0).get("id").asInt(), "greedy takes the most likely");
                assertEquals(lp, top.get(0).get("logprob").asDouble(), 1e-4);
                assertEquals(tokenizer.tokenText(expected.ids()[i]), top.get(0).get("token").asText());
            }
        }
    }

    @Test
    void generateStreamsTheSameTextAndTakesIds() throws IOException {
        int[] prompt = tokenizer.encode(PROMPT, true);
        GenerationResult expected = engineGreedy(prompt, 6);
        CliRun streamed = CliRun.of("generate", "--model", model.toString(), "--greedy", "--max-tokens", "6", PROMPT);
        assertEquals(0, streamed.exitCode(), streamed.err());
        assertEquals(expected.text() + "\n", streamed.out());
        String ids = String.join(",", Arrays.stream(prompt).mapToObj(Integer::toString).toList());
        JsonNode fromIds = json(CliRun.of("generate", "--model", model.toString(), "--greedy", "--max-tokens", "6", "--json", "--ids", ids));
        assertArrayEquals(expected.ids(), ints(fromIds.get("ids")));
    }

    @Test
    void aStopSequenceCutsTheTextAndTheSeedReproducesASample() throws IOException {
        String[] sample = {"generate", "--model", model.toString(), "--temperature", "1.5", "--top-k", "100", "--top-p", "0.95",
                "--repeat-penalty", "5", "--max-tokens", "12", "--seed", "99", "--json", PROMPT};
        JsonNode first = json(CliRun.of(sample));
        assertEquals(first, json(CliRun.of(sample)), "the same seed gives the same output");
        assertEquals(99, first.get("seed").asLong());
        String text = first.get("text").asText();
        assertTrue(text.length() > 4, text);
        String stop = text.substring(2, 4);
        String[] withStop = Arrays.copyOf(sample, sample.length + 2);
        withStop[sample.length - 1] = "--stop";
        withStop[sample.length] = stop;
        withStop[sample.length + 1] = PROMPT;
        JsonNode stopped = json(CliRun.of(withStop));
        assertEquals(text.substring(0, text.indexOf(stop)), stopped.get("text").asText());
        assertEquals("stop", stopped.get("finish_reason").asText());
    }

    @Test
    void scoreJsonHasNullThenTheLogSoftmaxOfEachNextToken() throws IOException {
        JsonNode out = json(CliRun.of("score", "--model", model.toString(), "--json", PROMPT));
        int[] ids = tokenizer.encode(PROMPT, true);
        assertArrayEquals(ids, ints(out.get("ids")));
        assertTrue(out.get("logprobs").get(0).isNull());
        try (LanguageModel m = LanguageModel.load(model)) {
            float[][] logits = m.newSession().prefillAll(ids);
            for (int i = 1; i < ids.length; i++) {
                assertEquals(logSoftmax(logits[i - 1])[ids[i]], out.get("logprobs").get(i).asDouble(), 1e-4, "position " + i);
            }
        }
        CliRun table = CliRun.of("score", "--model", model.toString(), PROMPT);
        assertEquals(0, table.exitCode(), table.err());
        String[] lines = table.out().split("\n");
        assertEquals(ids.length + 2, lines.length, table.out());
        double sum = 0;
        for (int i = 1; i < ids.length; i++) sum += out.get("logprobs").get(i).asDouble();
        assertTrue(lines[lines.length - 1].startsWith(String.format(java.util.Locale.ROOT, "total %.4f over %d predicted tokens", sum, ids.length - 1)),
                lines[lines.length - 1]);
        JsonNode fromIds = json(CliRun.of("score", "--model", model.toString(), "--json", "--ids", "5,6,7"));
        assertEquals(3, fromIds.get("logprobs").size());
        // packed by default; mapped as stored, the same sums within float rounding
        JsonNode mapped = json(CliRun.of("score", "--model", model.toString(), "--no-pack", "--json", PROMPT));
        for (int i = 1; i < ids.length; i++) {
            assertEquals(out.get("logprobs").get(i).asDouble(), mapped.get("logprobs").get(i).asDouble(), 1e-4, "mapped position " + i);
        }
        JsonNode q8 = json(CliRun.of("score", "--model", model.toString(), "--quantize", "q8", "--json", PROMPT));
        for (int i = 1; i < ids.length; i++) {
            // 8-bit weights move each log-probability a little, not a lot
            assertEquals(out.get("logprobs").get(i).asDouble(), q8.get("logprobs").get(i).asDouble(), 1.0, "q8 position " + i);
        }
    }

    @Test
    void badRequestsGetOneLineAndANonZeroExit() {
        CliRun both = CliRun.of("generate", "--model", model.toString(), "--repetition-penalty", "1.2", "--repeat-penalty", "5", PROMPT);
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("mutually exclusive"), both.err());

        CliRun range = CliRun.of("generate", "--model", model.toString(), "--repeat-penalty", "11", PROMPT);
        assertOneLine(range, "hanlm: repeat penalty 11.0 is outside 0..10");

        String longPrompt = "가 ".repeat(200);
        CliRun tooLong = CliRun.of("generate", "--model", model.toString(), longPrompt);
        assertOneLine(tooLong, "tokens, more than the context of 128 positions");
        CliRun truncated = CliRun.of("generate", "--model", model.toString(), "--truncate-left", "--max-tokens", "4", "--greedy", longPrompt);
        assertEquals(0, truncated.exitCode(), truncated.err());
        assertTrue(truncated.err().contains("dropped the first"), truncated.err());

        assertOneLine(CliRun.of("score", "--model", tmp.resolve("missing").toString(), "x"), "missing");
        assertOneLine(CliRun.of("generate", "--model", model.toString(), "--quantize", "q3", "x"), "quantization 'q3' is not supported");
        assertOneLine(CliRun.of("score", "--model", model.toString(), "--ids", "1,999999"), "outside the vocabulary");
        assertOneLine(CliRun.withStdin("", "chat", "--model", noTokenizer.toString()), "has no tokenizer.json to chat with");
        assertOneLine(CliRun.of("generate", "--model", noTokenizer.toString(), "text"), "give token ids with --ids instead");
        CliRun twoPrompts = CliRun.of("score", "--model", model.toString(), "--ids", "1,2", "text");
        assertEquals(2, twoPrompts.exitCode());
        assertTrue(twoPrompts.err().contains("either a text or --ids"), twoPrompts.err());
    }

    private static void assertOneLine(CliRun run, String expected) {
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains(expected), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : logits) max = Math.max(max, x);
        double sum = 0;
        for (float x : logits) sum += Math.exp(x - max);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) out[i] = logits[i] - max - Math.log(sum);
        return out;
    }
}

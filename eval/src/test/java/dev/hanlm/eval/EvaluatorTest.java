package dev.hanlm.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.Scorer;
import dev.hanlm.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness end to end on a tiny random model: the protocol's bookkeeping, determinism, results and reports. */
class EvaluatorTest {
    @TempDir
    static Path tmp;
    static LanguageModel model;
    static List<Example> nsmc;

    @BeforeAll
    static void load() throws Exception {
        model = LanguageModel.load(TinyModel.write(tmp.resolve("tiny")));
        nsmc = Datasets.nsmc(DatasetsTest.resource("nsmc-sample.txt"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static EvalResult runNsmc(boolean calibrate) {
        return new Evaluator(model).run(Tasks.named("nsmc"), nsmc, "nsmc-sample.txt",
                new Evaluator.Settings(List.of(0, 2), List.of(1L, 2L), 12, calibrate), Progress.NONE);
    }

    @Test
    void rankClassificationFollowsTheProtocol() {
        EvalResult r = runNsmc(false);
        assertEquals(12, r.items());
        assertEquals(List.of(0, 2), r.results().stream().map(EvalResult.Shots::shots).toList());
        assertEquals(1, r.results().get(0).runs().size(), "zero shots runs once");
        assertEquals(List.of(1L, 2L), r.results().get(1).runs().stream().map(EvalResult.Run::seed).toList());
        for (EvalResult.Shots s : r.results()) {
            for (EvalResult.Run run : s.runs()) {
                assertEquals(12, run.items().size());
                long right = 0;
                for (int i = 0; i < 12; i++) {
                    EvalResult.Item item = run.items().get(i);
                    assertEquals(nsmc.get(i).id(), item.id());
                    assertEquals(List.of("1", "0"), List.copyOf(item.scores().keySet()));
                    String best = item.scores().get("1") >= item.scores().get("0") ? "1" : "0";
                    assertEquals(best, item.prediction());
                    assertTrue(item.shots() <= s.shots());
                    if (item.gold().getFirst().equals(item.prediction())) right++;
                }
                assertEquals(100.0 * right / 12, run.metrics().get("accuracy"), 1e-9);
            }
            double[] acc = s.runs().stream().mapToDouble(x -> x.metrics().get("accuracy")).toArray();
            assertEquals(Arrays.stream(acc).average().orElseThrow(), s.mean().get("accuracy"), 1e-9);
        }
    }

    @Test
    void zeroShotScoresAreEachVerbalizersLogProbabilityAfterThePrompt() {
        EvalResult.Item item = runNsmc(false).results().getFirst().runs().getFirst().items().get(4);
        Tokenizer tokenizer = model.tokenizer().orElseThrow();
        Prompts prompts = new Prompts(Tasks.named("nsmc"), tokenizer, TinyModel.CONTEXT);
        int[] prefix = prompts.fit(List.of(), nsmc.get(4).fields(), 0).ids();
        int[] choice = prompts.continuation("긍정");
        int[] all = new int[prefix.length + choice.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(choice, 0, all, prefix.length, choice.length);
        double[] lp = new Scorer(model).score(all);
        assertEquals(Arrays.stream(lp, prefix.length, all.length).sum(), item.scores().get("1"), 1e-4);
    }

    @Test
    void resultsAreDeterministicAndRoundTripThroughJson() {
        EvalResult a = runNsmc(false), b = runNsmc(false);
        assertEquals(a.results().get(1).runs().get(1).items().stream().map(EvalResult.Item::prediction).toList(),
                b.results().get(1).runs().get(1).items().stream().map(EvalResult.Item::prediction).toList());
        assertEquals(a.results().get(1).mean(), b.results().get(1).mean());
        Path file = tmp.resolve("run.json");
        a.write(file);
        assertEquals(a, EvalResult.read(file));
    }

    @Test
    void calibrationDividesByTheContentFreeProbabilities() {
        double[] c = RankClassifier.calibrated(new double[] {Math.log(0.6), Math.log(0.4)}, new double[] {Math.log(0.9), Math.log(0.1)});
        assertArrayEquals(new double[] {Math.log(0.6 / 0.9), Math.log(0.4 / 0.1)}, c, 1e-12);
        // unnormalized inputs are normalized over the labels first
        assertArrayEquals(c, RankClassifier.calibrated(new double[] {Math.log(6), Math.log(4)}, new double[] {Math.log(0.09), Math.log(0.01)}), 1e-12);
        EvalResult plain = runNsmc(false), calibrated = runNsmc(true);
        assertTrue(calibrated.calibrated());
        assertNotEquals(plain.results().getFirst().runs().getFirst().items().getFirst().scores(),
                calibrated.results().getFirst().runs().getFirst().items().getFirst().scores());
    }

    @Test
    void generationTasksAnswerGreedilyAndScoreWithTheirMetric() {
        Task korquad = Tasks.named("korquad");
        EvalResult r = new Evaluator(model).run(korquad, korquad.loader().load(DatasetsTest.resource("korquad-sample.json")),
                "korquad-sample.json", new Evaluator.Settings(List.of(0, 1), List.of(5L), 0, false), Progress.NONE);
        assertEquals(3, r.items());
        EvalResult.Run run = r.results().get(1).runs().getFirst();
        assertEquals(List.of("exact_match", "f1"), List.copyOf(run.metrics().keySet()));
        assertEquals(List.of("김하늘", "김하늘이었다"), run.items().get(1).gold());
        for (EvalResult.Item item : run.items()) {
            assertTrue(!item.prediction().contains("\n") && item.prediction().equals(item.prediction().strip()));
        }
        assertEquals(KorquadScore.score(run.items().stream().map(EvalResult.Item::prediction).toList(),
                korquad.loader().load(DatasetsTest.resource("korquad-sample.json"))), run.metrics());
    }

    @Test
    void perplexityPredictsEveryTokenAndReportsBitsPerCharacter() {
        List<String> docs = nsmc.stream().limit(5).map(e -> e.fields().get("document")).toList();
        EvalResult r = new Perplexity(model).run(docs, "docs", Progress.NONE);
        EvalResult.Run run = r.results().getFirst().runs().getFirst();
        Tokenizer tokenizer = model.tokenizer().orElseThrow();
        double nats = 0;
        long tokens = 0, chars = 0;
        for (String doc : docs) {
            int[] ids = tokenizer.encode(doc, false);
            int[] withStart = new int[ids.length + 1];
            withStart[0] = model.generationConfig().bosTokenId();
            System.arraycopy(ids, 0, withStart, 1, ids.length);
            double[] lp = new Scorer(model).score(withStart);
            nats -= Arrays.stream(lp, 1, lp.length).sum();
            tokens += ids.length;
            chars += doc.codePointCount(0, doc.length());
        }
        assertEquals(nats / Math.log(2) / chars, run.metrics().get("bits_per_character"), 1e-6);
        assertEquals(Math.exp(nats / tokens), run.metrics().get("token_perplexity"), 1e-6);
    }

    @Test
    void longDocumentsAreScoredInWindows() {
        String doc = String.join(" ", nsmc.stream().map(e -> e.fields().get("document")).toList());
        int tokens = model.tokenizer().orElseThrow().encode(doc, false).length;
        assertTrue(tokens > 2 * TinyModel.CONTEXT, "the document spans several windows");
        EvalResult.Run run = new Perplexity(model).run(List.of(doc), "doc", Progress.NONE).results().getFirst().runs().getFirst();
        assertEquals(tokens, run.metrics().get("tokens"));
        assertTrue(Double.isFinite(run.metrics().get("bits_per_character")));
    }

    @Test
    void reportMergesResultsIntoMarkdownAndAChart() throws Exception {
        EvalResult r = runNsmc(false);
        String md = ResultTable.markdown(List.of(r));
        assertTrue(md.startsWith("| model | nsmc 0-shot accuracy | nsmc 2-shot accuracy |\n|---|---:|---:|\n| tiny ("), md);
        assertTrue(md.contains(" ± "), md);
        assertTrue(ResultTable.text(r).contains("accuracy"));
        Path png = tmp.resolve("chart.png");
        ResultChart.write(png, List.of(r));
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 4);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
    }
}

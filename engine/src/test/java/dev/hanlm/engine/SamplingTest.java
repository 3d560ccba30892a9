package dev.hanlm.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Samplers and truncation against brute-force references that sort the whole vocabulary. */
class SamplingTest {

    @Test
    void greedyIsTheArgmaxAndTheLowestIdOnTies() {
        Random random = new Random(1);
        for (int trial = 0; trial < 200; trial++) {
            float[] logits = randomLogits(random, 1 + random.nextInt(300), 4);
            int best = 0;
            for (int i = 0; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
            assertEquals(best, Sampler.GREEDY.sample(logits));
        }
        assertEquals(1, Sampler.GREEDY.sample(new float[] {0, 3, 3, -1}));
        assertEquals(1, Sampler.of(0, 50, 0.9, new SplittableRandom(1)).sample(new float[] {0, 3, 3, -1}), "temperature 0 is greedy");
    }

    @Test
    void topKAndTopPKeepExactlyTheSetASortOfTheWholeVocabularyKeeps() {
        Random random = new Random(2);
        for (int trial = 0; trial < 500; trial++) {
            int vocab = 2 + random.nextInt(400);
            float[] logits = randomLogits(random, vocab, 1 + random.nextInt(6));
            double temperature = 0.2 + 2 * random.nextDouble();
            int topK = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(vocab + 5);
            double topP = random.nextInt(4) == 0 ? 1 : 0.05 + 0.94 * random.nextDouble();
            Candidates c = Candidates.of(logits, temperature, topK, topP);
            Reference expected = reference(logits, temperature, topK, topP);
            String what = "vocab " + vocab + " T " + temperature + " k " + topK + " p " + topP;
            assertEquals(sorted(expected.ids), sorted(c.ids()), what);
            for (int i = 0; i < c.ids().length; i++) {
                assertEquals(expected.probability(c.ids()[i]), c.probabilities()[i], 1e-9, what);
            }
        }
    }

    @Test
    void topKKeepsExactlyKEvenOnTies() {
        Candidates c = Candidates.of(new float[] {1, 2, 2, 2, 0}, 1, 2, 1);
        assertArrayEquals(new int[] {1, 2}, c.ids());
    }

    @Test
    void withoutTruncationTheProbabilitiesAreTheSoftmaxOfTheLogitsOverTheTemperature() {
        float[] logits = {2.0f, -1.0f, 0.5f, 3.25f, 0};
        for (double t : new double[] {0.25, 1, 3}) {
            double[] expected = softmax(logits, t);
            Candidates c = Candidates.of(logits, t, 0, 1);
            for (int i = 0; i < c.ids().length; i++) assertEquals(expected[c.ids()[i]], c.probabilities()[i], 1e-12);
        }
        // a lower temperature sharpens: the most likely token gains
        assertTrue(softmax(logits, 0.25)[3] > softmax(logits, 1)[3] && softmax(logits, 1)[3] > softmax(logits, 3)[3]);
    }

    @Test
    void drawsFollowTheSoftmaxDistribution() {
        float[] logits = {1.2f, -0.4f, 0.3f, 2.0f, 0, -2.5f, 0.9f, 1.6f};
        double temperature = 0.8;
        Sampler sampler = Sampler.of(temperature, 0, 1, new SplittableRandom(42));
        int draws = 200_000;
        int[] counts = new int[logits.length];
        for (int i = 0; i < draws; i++) counts[sampler.sample(logits)]++;
        double[] expected = softmax(logits, temperature);
        for (int i = 0; i < logits.length; i++) {
            // 5 standard deviations of a binomial frequency
            double tolerance = 5 * Math.sqrt(expected[i] * (1 - expected[i]) / draws);
            assertEquals(expected[i], counts[i] / (double) draws, tolerance, "token " + i);
        }
    }

    @Test
    void truncatedDrawsStayInTheKeptSetAndFollowItsRenormalizedProbabilities() {
        float[] logits = {1.2f, -0.4f, 0.3f, 2.0f, 0, -2.5f, 0.9f, 1.6f};
        Reference kept = reference(logits, 1, 3, 0.8);
        Sampler sampler = Sampler.of(1, 3, 0.8, new SplittableRandom(9));
        int draws = 100_000;
        int[] counts = new int[logits.length];
        for (int i = 0; i < draws; i++) counts[sampler.sample(logits)]++;
        for (int id = 0; id < logits.length; id++) {
            double p = kept.probability(id);
            assertEquals(p, counts[id] / (double) draws, 5 * Math.sqrt(p * (1 - p) / draws) + 1e-12, "token " + id);
        }
    }

    @Test
    void theLargestAlternativesAreTheTopOfAFullSort() {
        Random random = new Random(3);
        for (int trial = 0; trial < 100; trial++) {
            float[] logits = randomLogits(random, 1 + random.nextInt(200), 3);
            int n = random.nextInt(logits.length + 3);
            Integer[] order = byLogitDescending(logits);
            int[] expected = Arrays.stream(order).limit(n).mapToInt(Integer::intValue).toArray();
            double lse = Logits.logSumExp(logits);
            List<TokenLogprob> top = Logits.top(logits, n, lse);
            assertArrayEquals(expected, top.stream().mapToInt(TokenLogprob::id).toArray());
            // the normalizer's exponentials are float (Logits.logSumExp): a log-probability is good to about 1e-7
            for (TokenLogprob t : top) assertEquals(Math.log(softmax(logits, 1)[t.id()]), t.logprob(), 1e-6);
        }
    }

    /** What top-k then top-p keep, by sorting every token (boxed, with a comparator: nothing shared with the code). */
    private static Reference reference(float[] logits, double temperature, int topK, double topP) {
        double[] p = softmax(logits, temperature);
        Integer[] order = byLogitDescending(logits);
        int k = topK == 0 ? logits.length : Math.min(topK, logits.length);
        double massK = 0;
        for (int i = 0; i < k; i++) massK += p[order[i]];
        int n = 0;
        double cumulative = 0;
        while (n < k) {
            cumulative += p[order[n++]] / massK;
            if (topP < 1 && cumulative >= topP) break; // p = 1 is off, even where rounding reaches 1 early
        }
        int[] ids = Arrays.stream(order).limit(n).mapToInt(Integer::intValue).toArray();
        double[] probability = new double[logits.length];
        double mass = Arrays.stream(ids).mapToDouble(i -> p[i]).sum();
        for (int id : ids) probability[id] = p[id] / mass;
        return new Reference(ids, probability);
    }

    private record Reference(int[] ids, double[] probabilities) {
        double probability(int id) {
            return probabilities[id];
        }
    }

    private static Integer[] byLogitDescending(float[] logits) {
        Integer[] order = IntStream.range(0, logits.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -logits[i]).thenComparingInt(i -> i));
        return order;
    }

    static double[] softmax(float[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : logits) max = Math.max(max, x);
        double[] out = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) sum += out[i] = Math.exp((logits[i] - max) / temperature);
        for (int i = 0; i < logits.length; i++) out[i] /= sum;
        return out;
    }

    private static float[] randomLogits(Random random, int n, double scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (random.nextGaussian() * scale);
        return out;
    }

    private static List<Integer> sorted(int[] ids) {
        return Arrays.stream(ids).sorted().boxed().toList();
    }

    @Test
    void argmaxIsTheLowestIdOfTheLargestLogitAsTheScalarLoopFindsIt() {
        Random r = new Random(21);
        for (int vocab : new int[] {1, 5, 8, 61, 16000, 16003}) {
            float[] logits = new float[vocab];
            for (int i = 0; i < vocab; i++) logits[i] = (float) r.nextGaussian();
            assertEquals(scalarArgmax(logits), Logits.argmax(logits), "vocabulary " + vocab);
            logits[vocab - 1] = logits[scalarArgmax(logits)]; // a tie: the lower id wins
            assertEquals(scalarArgmax(logits), Logits.argmax(logits), "tie in " + vocab);
        }
        float[] withNaN = {0.5f, Float.NaN, 2f, 1f, 0f, 0f, 0f, 0f, 3f, Float.NaN};
        assertEquals(scalarArgmax(withNaN), Logits.argmax(withNaN));
        assertEquals(0, Logits.argmax(new float[] {-0f, 0f, -1f})); // -0.0 and 0.0 are equal logits: the lower id
    }

    private static int scalarArgmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }
}

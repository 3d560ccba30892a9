package dev.hanlm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer, which keeps pair counts incrementally, against a naive trainer that recounts every pair
 * before each merge; and the trainer's settings.
 */
class BpeTrainerTest {
    private static final int LINES = 2000;

    @TempDir
    static Path dir;
    static Path corpus;

    @BeforeAll
    static void smallCorpus() {
        corpus = TestCorpus.nsmcHead(LINES);
    }

    @Test
    void learnsTheSameMergesAsANaiveTrainer() throws IOException {
        TrainerConfig config = config(600, 2, 2);
        BpeTrainer.Result result = train(config, corpus);
        Naive naive = naiveTrain(countWords(config), config.specialTokens(), 600, 2);
        assertEquals(naive.merges(), merges(result.tokenizer()));
        assertEquals(naive.vocab(), vocab(result.tokenizer()));
        assertEquals(600, result.tokenizer().vocabSize());
    }

    @Test
    void minFrequencyStopsTrainingEarly() throws IOException {
        TrainerConfig config = config(5000, 40, 2);
        BpeTrainer.Result result = train(config, corpus);
        Naive naive = naiveTrain(countWords(config), config.specialTokens(), 5000, 40);
        assertTrue(result.tokenizer().vocabSize() < 5000, "vocab " + result.tokenizer().vocabSize());
        assertEquals(naive.merges(), merges(result.tokenizer()));
        assertTrue(naive.counts().getLast() >= 40, "the last merge was seen " + naive.counts().getLast() + " times");
        assertTrue(naive.nextCount() < 40, "training stopped while a pair was seen " + naive.nextCount() + " times");
    }

    @Test
    void specialTokensComeFirst() throws IOException {
        List<String> specials = List.of("<|endoftext|>", "<pad>", "<mask>");
        TrainerConfig config = new TrainerConfig(400, 2, specials, TrainerConfig.Alphabet.BYTE, 0, false, null, 1.0, 42,
                java.text.Normalizer.Form.NFC, 2);
        Tokenizer t = train(config, corpus).tokenizer();
        for (int i = 0; i < specials.size(); i++) {
            assertEquals(specials.get(i), t.token(i));
            assertTrue(t.isSpecial(i));
        }
        assertArrayEquals(new int[] {1}, t.encode("<pad>"));
        assertEquals("영화<mask>", t.decode(t.encode("영화<mask>")));
    }

    @Test
    void reachesTheTargetVocabSize() throws IOException {
        assertEquals(1500, train(TrainerConfig.defaults(1500).withMorphemeAware(false), corpus).tokenizer().vocabSize());
    }

    @Test
    void sampleReadsAboutHalfTheDocumentsTheSameWayForASeed() throws IOException {
        Path file = TestCorpus.nsmc();
        long all = TestCorpus.lines(file).stream().filter(l -> !l.isBlank()).count();
        TrainerConfig half = config(300, 2, 2).withSample(0.5, 1234);
        BpeTrainer.Result first = train(half, file), second = train(half, file);
        BpeTrainer.Result otherSeed = train(config(300, 2, 2).withSample(0.5, 99), file);
        double fraction = first.documents() / (double) all;
        assertTrue(fraction > 0.46 && fraction < 0.54, "read " + first.documents() + " of " + all);
        assertEquals(first.documents(), second.documents());
        assertEquals(first.characters(), second.characters());
        assertArrayEquals(json(first.tokenizer()), json(second.tokenizer()));
        assertNotEquals(first.characters(), otherSeed.characters(), "another seed should pick other documents");
    }

    @Test
    void trainingIsDeterministicWhateverTheThreadCount() throws IOException {
        byte[] once = json(train(config(700, 2, 2), corpus).tokenizer());
        byte[] again = json(train(config(700, 2, 2), corpus).tokenizer());
        byte[] oneThread = json(train(config(700, 2, 1), corpus).tokenizer());
        byte[] fourThreads = json(train(config(700, 2, 4), corpus).tokenizer());
        assertArrayEquals(once, again);
        assertArrayEquals(once, oneThread);
        assertArrayEquals(once, fourThreads);
    }

    // ---- the naive trainer

    record Naive(List<String> vocab, List<String> merges, List<Long> counts, long nextCount) {}

    /** The pieces the trainer learns from, counted here with the config's normalizer and a GPT-2 splitter. */
    private static Map<String, Long> countWords(TrainerConfig config) {
        Map<String, Long> counts = new LinkedHashMap<>();
        GptSplitter splitter = new GptSplitter();
        for (String line : TestCorpus.lines(corpus)) {
            if (line.isBlank()) continue;
            String text = config.normalizer().normalize(line);
            splitter.split(text, (s, e) -> counts.merge(text.substring(s, e), 1L, Long::sum));
        }
        return counts;
    }

    /**
     * Recounts every adjacent pair before each merge and merges the most frequent, ties going to the
     * smaller (left id, right id), as HF's trainer does. Words over 256 bytes are left out, as the
     * trainer documents.
     */
    static Naive naiveTrain(Map<String, Long> wordCounts, List<String> specials, int vocabSize, int minFrequency) {
        List<String> vocab = new ArrayList<>(specials);
        Map<String, Integer> ids = new HashMap<>();
        for (int b = 0; b < 256; b++) vocab.add(String.valueOf(ByteLevel.charOf(b)));
        for (int i = 0; i < vocab.size(); i++) ids.put(vocab.get(i), i);
        List<int[]> words = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        wordCounts.forEach((word, n) -> {
            byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 256) return;
            int[] symbols = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) symbols[i] = ids.get(String.valueOf(ByteLevel.charOf(bytes[i] & 0xFF)));
            words.add(symbols);
            counts.add(n);
        });
        List<String> merges = new ArrayList<>();
        List<Long> mergeCounts = new ArrayList<>();
        int stride = 1024;
        long[] pairCounts = new long[stride * stride];
        while (true) {
            // count every pair from scratch; a pair (l, r) is cell l * stride + r, so a smaller cell is a smaller pair
            if (vocab.size() > stride) {
                stride *= 2;
                pairCounts = new long[stride * stride];
            }
            IntList seen = new IntList();
            for (int w = 0; w < words.size(); w++) {
                int[] s = words.get(w);
                for (int i = 0; i + 1 < s.length; i++) {
                    int cell = s[i] * stride + s[i + 1];
                    if (pairCounts[cell] == 0) seen.add(cell);
                    pairCounts[cell] += counts.get(w);
                }
            }
            int best = -1;
            for (int k = 0; k < seen.size(); k++) {
                int cell = seen.get(k);
                if (best < 0 || pairCounts[cell] > pairCounts[best] || (pairCounts[cell] == pairCounts[best] && cell < best)) best = cell;
            }
            long bestCount = best < 0 ? 0 : pairCounts[best];
            if (vocab.size() >= vocabSize || best < 0 || bestCount < minFrequency) {
                return new Naive(vocab, merges, mergeCounts, bestCount);
            }
            for (int k = 0; k < seen.size(); k++) pairCounts[seen.get(k)] = 0;
            int left = best / stride, right = best % stride;
            String merged = vocab.get(left) + vocab.get(right);
            int id = ids.computeIfAbsent(merged, k -> {
                vocab.add(k);
                return vocab.size() - 1;
            });
            merges.add(vocab.get(left) + " " + vocab.get(right));
            mergeCounts.add(bestCount);
            for (int w = 0; w < words.size(); w++) words.set(w, replacePair(words.get(w), left, right, id));
        }
    }

    /** The word with each (left, right) replaced, scanning left to right. */
    private static int[] replacePair(int[] word, int left, int right, int id) {
        IntList out = new IntList(word.length);
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
                out.add(id);
                i++;
            } else {
                out.add(word[i]);
            }
        }
        return out.toArray();
    }

    // ---- helpers

    private static TrainerConfig config(int vocabSize, int minFrequency, int threads) {
        return new TrainerConfig(vocabSize, minFrequency, List.of(TrainerConfig.END_OF_TEXT), TrainerConfig.Alphabet.BYTE, 0,
                false, null, 1.0, 42, java.text.Normalizer.Form.NFC, threads);
    }

    private static BpeTrainer.Result train(TrainerConfig config, Path file) throws IOException {
        return new BpeTrainer(config).train(List.of(file), BpeTrainer.Progress.NONE);
    }

    private static List<String> merges(Tokenizer t) {
        return t.model().merges().stream().map(m -> m[0] + " " + m[1]).toList();
    }

    private static List<String> vocab(Tokenizer t) {
        List<String> out = new ArrayList<>();
        for (int id = 0; id < t.vocabSize(); id++) out.add(t.token(id));
        return out;
    }

    private static byte[] json(Tokenizer t) throws IOException {
        Path out = Files.createTempDirectory(dir, "tokenizer");
        t.save(out);
        return Files.readAllBytes(out.resolve(TokenizerFiles.TOKENIZER_JSON));
    }
}

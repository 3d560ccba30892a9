package dev.hanlm.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Learns BPE merges from corpus files. Pair counts are kept incrementally: a merge touches only the
 * words that hold the merged pair, and the heap of candidates is corrected lazily, so a merge costs
 * what it changes rather than a recount of the corpus.
 */
public final class BpeTrainer {
    /** Pieces longer than this many symbols (a URL, a 50 MB line without spaces) are not used to learn merges. */
    static final int MAX_WORD_SYMBOLS = 256;

    /** Progress of a phase; {@code total} is -1 when unknown. */
    public interface Progress {
        void update(String phase, long done, long total);

        Progress NONE = (phase, done, total) -> {};
    }

    /** What a training run read and produced. */
    public record Result(Tokenizer tokenizer, long documents, long characters, long distinctWords, int merges) {}

    private record Candidate(long count, long pair, int slot) {}

    private final TrainerConfig config;

    public BpeTrainer(TrainerConfig config) {
        this.config = config;
    }

    public Result train(List<Path> files, Progress progress) throws IOException {
        return train(files, new CorpusReader(), progress);
    }

    /** @param reader how documents are read from the files (e.g. which JSONL field holds the text) */
    public Result train(List<Path> files, CorpusReader reader, Progress progress) throws IOException {
        if (files.isEmpty()) throw new TokenizerException("no input files were given");
        Tokenizer.MorphemeSettings morphemes = !config.morphemeAware() ? null
                : new Tokenizer.MorphemeSettings(config.userDictionary() == null ? MorphemeAnalyzer.withoutDictionary()
                : MorphemeAnalyzer.withDictionary(config.userDictionary()), config.userDictionary());
        PreTokenizer base = config.alphabet() == TrainerConfig.Alphabet.BYTE ? new GptSplitter()
                : new Metaspace('▁', Metaspace.PrependScheme.ALWAYS, true);
        PreTokenizer pre = morphemes == null ? base : new MorphemeSplitter(base, morphemes.analyzer());
        WordCounter.Counts counts = new WordCounter(config.normalizer(), pre, config).count(files, reader, progress);
        if (counts.words().isEmpty()) throw new TokenizerException("the corpus is empty: no document with text was found in " + files);

        List<String> vocab = new ArrayList<>(config.specialTokens());
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < vocab.size(); i++) ids.put(vocab.get(i), i);
        int[][] words = new int[counts.words().size()][];
        long[] wordCounts = new long[words.length];
        if (config.alphabet() == TrainerConfig.Alphabet.BYTE) symbolsAsBytes(counts.words(), vocab, ids, words, wordCounts);
        else symbolsAsChars(counts.words(), vocab, ids, words, wordCounts);

        List<String[]> merges = learnMerges(words, wordCounts, vocab, ids, progress);
        BpeModel model = new BpeModel(vocab.toArray(String[]::new), merges, config.alphabet() == TrainerConfig.Alphabet.BYTE
                ? BpeModel.Options.byteLevelDefaults() : new BpeModel.Options(false, TrainerConfig.UNKNOWN, true, false, false));
        List<AddedToken> special = new ArrayList<>();
        for (int i = 0; i < config.specialTokens().size(); i++) special.add(AddedToken.special(i, config.specialTokens().get(i)));
        Tokenizer tokenizer = config.alphabet() == TrainerConfig.Alphabet.BYTE
                ? Tokenizer.byteLevel(model, config.normalizer(), special, morphemes)
                : new Tokenizer(config.normalizer(), base, model, new Decoder.MetaspaceDecoder('▁', true), special, null, null);
        return new Result(tokenizer, counts.documents(), counts.characters(), counts.words().size(), merges.size());
    }

    private static void symbolsAsBytes(Map<String, long[]> counted, List<String> vocab, Map<String, Integer> ids,
                                       int[][] words, long[] wordCounts) {
        int[] byteIds = new int[256];
        for (int b = 0; b < 256; b++) {
            String t = String.valueOf(ByteLevel.charOf(b));
            byteIds[b] = ids.computeIfAbsent(t, k -> {
                vocab.add(k);
                return vocab.size() - 1;
            });
        }
        int w = 0;
        for (Map.Entry<String, long[]> e : counted.entrySet()) {
            byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
            int[] symbols = new int[bytes.length > MAX_WORD_SYMBOLS ? 0 : bytes.length];
            for (int i = 0; i < symbols.length; i++) symbols[i] = byteIds[bytes[i] & 0xFF];
            words[w] = symbols;
            wordCounts[w++] = e.getValue()[0];
        }
    }

    /** Keeps the most frequent characters; the rest become gaps (-1) that no pair crosses. */
    private void symbolsAsChars(Map<String, long[]> counted, List<String> vocab, Map<String, Integer> ids,
                                int[][] words, long[] wordCounts) {
        Map<Integer, long[]> charCounts = new HashMap<>();
        counted.forEach((word, n) -> word.codePoints().forEach(cp -> charCounts.computeIfAbsent(cp, k -> new long[1])[0] += n[0]));
        List<Map.Entry<Integer, long[]>> chars = new ArrayList<>(charCounts.entrySet());
        chars.sort(Comparator.comparingLong((Map.Entry<Integer, long[]> e) -> -e.getValue()[0]).thenComparing(Map.Entry::getKey));
        int room = config.vocabSize() - vocab.size();
        int limit = Math.min(room, config.limitAlphabet() > 0 ? config.limitAlphabet() : Integer.MAX_VALUE);
        for (int i = 0; i < Math.min(limit, chars.size()); i++) {
            String t = new String(Character.toChars(chars.get(i).getKey()));
            if (ids.putIfAbsent(t, vocab.size()) == null) vocab.add(t);
        }
        int w = 0;
        for (Map.Entry<String, long[]> e : counted.entrySet()) {
            int[] cps = e.getKey().codePoints().toArray();
            int[] symbols = new int[cps.length > MAX_WORD_SYMBOLS ? 0 : cps.length];
            for (int i = 0; i < symbols.length; i++) symbols[i] = ids.getOrDefault(new String(Character.toChars(cps[i])), -1);
            words[w] = symbols;
            wordCounts[w++] = e.getValue()[0];
        }
    }

    private List<String[]> learnMerges(int[][] words, long[] wordCounts, List<String> vocab, Map<String, Integer> ids,
                                       Progress progress) {
        PairCounts pairs = new PairCounts();
        for (int w = 0; w < words.length; w++) {
            int[] s = words[w];
            for (int i = 0; i + 1 < s.length; i++) {
                if (s[i] < 0 || s[i + 1] < 0) continue;
                pairs.addWord(pairs.add(PairCounts.key(s[i], s[i + 1]), wordCounts[w]), w);
            }
        }
        PriorityQueue<Candidate> heap = new PriorityQueue<>(Comparator.comparingLong(Candidate::count).reversed()
                .thenComparingLong(Candidate::pair));
        for (int slot = 0; slot < pairs.size(); slot++) heap.add(new Candidate(pairs.counts[slot], pairs.key(slot), slot));

        List<String[]> merges = new ArrayList<>();
        int[] wordStamp = new int[words.length];
        int[] slotStamp = new int[Math.max(16, pairs.size() * 2)];
        int stamp = 0;
        int target = config.vocabSize();
        while (vocab.size() < target && !heap.isEmpty()) {
            Candidate top = heap.poll();
            long current = pairs.counts[top.slot()];
            if (current != top.count()) {
                if (current > 0) heap.add(new Candidate(current, top.pair(), top.slot()));
                continue;
            }
            if (current < config.minFrequency()) break;
            int a = PairCounts.left(top.pair()), b = PairCounts.right(top.pair());
            String merged = vocab.get(a) + vocab.get(b);
            Integer existing = ids.get(merged);
            int newId = existing != null ? existing : vocab.size();
            if (existing == null) {
                vocab.add(merged);
                ids.put(merged, newId);
            }
            merges.add(new String[] {vocab.get(a), vocab.get(b)});

            stamp++;
            List<Integer> touched = new ArrayList<>();
            int[] holders = pairs.words[top.slot()];
            int holderCount = pairs.wordCounts[top.slot()];
            pairs.forgetWords(top.slot());
            for (int k = 0; k < holderCount; k++) {
                int w = holders[k];
                if (wordStamp[w] == stamp) continue;
                wordStamp[w] = stamp;
                int[] old = words[w];
                int[] updated = merge(old, a, b, newId);
                if (updated == old) continue;
                long n = wordCounts[w];
                for (int i = 0; i + 1 < old.length; i++) {
                    if (old[i] >= 0 && old[i + 1] >= 0) pairs.add(PairCounts.key(old[i], old[i + 1]), -n);
                }
                for (int i = 0; i + 1 < updated.length; i++) {
                    if (updated[i] < 0 || updated[i + 1] < 0) continue;
                    int slot = pairs.add(PairCounts.key(updated[i], updated[i + 1]), n);
                    if (updated[i] == newId || updated[i + 1] == newId) {
                        pairs.addWord(slot, w);
                        if (slot >= slotStamp.length) slotStamp = java.util.Arrays.copyOf(slotStamp, Math.max(slot + 1, slotStamp.length * 2));
                        if (slotStamp[slot] != stamp) {
                            slotStamp[slot] = stamp;
                            touched.add(slot);
                        }
                    }
                }
                words[w] = updated;
            }
            for (int slot : touched) heap.add(new Candidate(pairs.counts[slot], pairs.key(slot), slot));
            if (merges.size() % 256 == 0) progress.update("learning merges", vocab.size(), target);
        }
        progress.update("learning merges", vocab.size(), target);
        return merges;
    }

    /** The word with every (a, b) replaced, left to right; the same array when it has none. */
    private static int[] merge(int[] word, int a, int b, int merged) {
        int found = 0;
        for (int i = 0; i + 1 < word.length; i++) {
            if (word[i] == a && word[i + 1] == b) {
                found++;
                i++;
            }
        }
        if (found == 0) return word;
        int[] out = new int[word.length - found];
        int j = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == a && word[i + 1] == b) {
                out[j++] = merged;
                i++;
            } else {
                out[j++] = word[i];
            }
        }
        return out;
    }
}

package dev.hanlm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.tokenizer.CorpusReader;
import dev.hanlm.tokenizer.KlueDp;
import dev.hanlm.tokenizer.MorphemeAnalyzer;
import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.tokenizer.TokenizerException;
import dev.hanlm.tokenizer.TokenizerStats;
import dev.hanlm.tokenizer.TokenizerStats.Counts;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Measure how a tokenizer cuts a corpus: tokens per character and per word, the share of tokens that "
                + "straddle a morpheme boundary, and the share of byte-fallback (or unknown) tokens.",
                "Morpheme boundaries come from Nori, or with --klue-dp from the gold morphemes of a KLUE-DP TSV file. "
                + "Only boundaries between two non-space characters count (with Nori, not those between two punctuation "
                + "characters, which Nori splits one by one); a token crosses a boundary that lies strictly inside it."})
final class TokenizerStatsCommand implements Callable<Integer> {
    private static final int BATCH = 512;

    @Option(names = "--tokenizer", paramLabel = "DIR", description = "A tokenizer directory or tokenizer.json (default: the bundled Korean tokenizer).")
    Path tokenizerPath;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Text to measure: plain text (a document a line), JSONL or WikiExtractor files, optionally gzip-compressed; with --klue-dp, KLUE-DP TSV files.")
    List<Path> inputs;

    @Option(names = "--klue-dp", description = "Read the inputs as KLUE-DP TSV and use its gold morphemes as the reference instead of Nori.")
    boolean klueDp;

    @Option(names = "--no-morphemes", description = "Skip the morpheme reference (faster; no crossing figures).")
    boolean noMorphemes;

    @Option(names = "--text-field", defaultValue = "text", paramLabel = "NAME", description = "The text field of JSONL inputs (default: ${DEFAULT-VALUE}).")
    String textField;

    @Option(names = "--limit", paramLabel = "N", description = "Measure at most N texts.")
    Long limit;

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (limit != null && limit < 1) throw new TokenizerException("--limit must be at least 1, not " + limit);
        if (klueDp && noMorphemes) throw new TokenizerException("--klue-dp and --no-morphemes contradict each other: --klue-dp is for its gold morphemes");
        Tokenizer tokenizer = tokenizerPath == null ? Bundled.tokenizer() : Tokenizer.load(tokenizerPath);
        long started = System.nanoTime();
        Counts counts = klueDp ? measureKlueDp(tokenizer) : measureCorpus(tokenizer);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (counts.texts() == 0) throw new TokenizerException("no text was found in " + inputs);
        String reference = klueDp ? "klue-dp" : noMorphemes ? "none" : "nori";
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (json) {
            out.println(toJson(tokenizer, counts, reference, seconds));
        } else {
            print(out, tokenizer, counts, reference, seconds);
        }
        return 0;
    }

    private Counts measureKlueDp(Tokenizer tokenizer) throws java.io.IOException {
        List<KlueDp.Sentence> sentences = new ArrayList<>();
        for (Path input : inputs) sentences.addAll(KlueDp.read(input));
        if (limit != null && sentences.size() > limit) sentences = sentences.subList(0, limit.intValue());
        return sentences.parallelStream()
                .map(s -> TokenizerStats.measure(tokenizer, s.text(), s.boundaries()))
                .reduce(Counts.ZERO, Counts::plus);
    }

    private Counts measureCorpus(Tokenizer tokenizer) throws java.io.IOException {
        MorphemeAnalyzer nori = noMorphemes ? null : MorphemeAnalyzer.withoutDictionary();
        Function<String, Counts> measure = nori == null ? text -> TokenizerStats.measure(tokenizer, text)
                : text -> TokenizerStats.measure(tokenizer, text, nori);
        CorpusReader reader = new CorpusReader(textField);
        Counts[] total = {Counts.ZERO};
        long[] seen = {0};
        List<String> batch = new ArrayList<>(BATCH);
        Runnable flush = () -> {
            total[0] = total[0].plus(batch.parallelStream().map(measure).reduce(Counts.ZERO, Counts::plus));
            batch.clear();
        };
        try {
            for (Path input : inputs) {
                reader.read(input, text -> {
                    if (limit != null && seen[0] >= limit) throw new Enough();
                    seen[0]++;
                    batch.add(text);
                    if (batch.size() == BATCH) flush.run();
                });
            }
        } catch (Enough enough) {
            // --limit reached
        }
        flush.run();
        return total[0];
    }

    /** Stops reading once --limit texts were taken. */
    private static final class Enough extends RuntimeException {
        Enough() {
            super(null, null, false, false);
        }
    }

    static String kind(Tokenizer tokenizer) {
        if (!tokenizer.model().byteLevel()) return "char-level BPE";
        return tokenizer.morphemeAware() ? "morpheme-aware byte-level BPE" : "byte-level BPE";
    }

    private String toJson(Tokenizer tokenizer, Counts c, String reference, double seconds) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("tokenizer", tokenizerPath == null ? "bundled" : tokenizerPath.toString());
        root.put("kind", kind(tokenizer));
        root.put("vocab_size", tokenizer.vocabSize());
        var files = root.putArray("inputs");
        for (Path p : inputs) files.add(p.toString());
        root.put("reference", reference);
        root.put("texts", c.texts());
        root.put("characters", c.characters());
        root.put("words", c.words());
        root.put("tokens", c.tokens());
        root.put("tokens_per_character", c.tokensPerCharacter());
        root.put("tokens_per_word", c.tokensPerWord());
        root.put("fallback_tokens", c.fallbackTokens());
        root.put("fallback_share", c.fallbackShare());
        if (!reference.equals("none")) {
            root.put("reference_texts", c.referenceTexts());
            root.put("reference_tokens", c.referenceTokens());
            root.put("crossing_tokens", c.crossingTokens());
            root.put("crossing_share", c.crossingShare());
            root.put("boundaries", c.boundaries());
            root.put("boundaries_inside_tokens", c.boundariesInside());
            root.put("boundaries_inside_share", c.boundaryInsideShare());
        }
        root.put("seconds", Math.round(seconds * 100) / 100.0);
        return mapper.writeValueAsString(root);
    }

    private void print(PrintStream out, Tokenizer tokenizer, Counts c, String reference, double seconds) {
        out.printf("tokenizer: %s (%s, %,d tokens)%n", tokenizerPath == null ? "bundled" : tokenizerPath, kind(tokenizer), tokenizer.vocabSize());
        out.printf("measured: %,d texts, %,d characters, %,d words, %,d tokens in %.1f s%n",
                c.texts(), c.characters(), c.words(), c.tokens(), seconds);
        out.printf("tokens per character: %.4f%n", c.tokensPerCharacter());
        out.printf("tokens per word:      %.4f%n", c.tokensPerWord());
        String fallback = tokenizer.model().byteLevel() ? "byte-fallback tokens:" : "unknown tokens:      ";
        out.printf("%s %.4f%% (%,d)%n", fallback, 100 * c.fallbackShare(), c.fallbackTokens());
        if (reference.equals("none")) return;
        String source = reference.equals("nori") ? "Nori" : "KLUE-DP gold";
        out.printf("morpheme reference:   %s, %,d boundaries between non-space characters in %,d texts%n", source, c.boundaries(), c.referenceTexts());
        out.printf("tokens crossing a morpheme boundary: %.4f%% (%,d of %,d)%n", 100 * c.crossingShare(), c.crossingTokens(), c.referenceTokens());
        out.printf("boundaries inside a token:           %.4f%% (%,d of %,d)%n", 100 * c.boundaryInsideShare(), c.boundariesInside(), c.boundaries());
        if (c.referenceTexts() < c.texts()) {
            out.printf("note: %,d texts changed length under the tokenizer's normalizer and were left out of the morpheme figures%n",
                    c.texts() - c.referenceTexts());
        }
    }
}

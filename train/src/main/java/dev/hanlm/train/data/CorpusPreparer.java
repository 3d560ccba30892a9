package dev.hanlm.train.data;

import dev.hanlm.tokenizer.AddedToken;
import dev.hanlm.tokenizer.CorpusReader;
import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.train.TrainingException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * {@code hanlm data prepare} in one process: reads corpus files, cleans them ({@link DocumentCleaner}: normalization,
 * the filters, PII replacement), drops exact then near duplicates, splits off validation by document hash, tokenizes
 * on all cores and writes a {@link PreparedOutput}. Documents are taken in batches in input order, so the output is
 * the same whatever the number of cores, and the same as the Spark driver's.
 */
public final class CorpusPreparer {
    /** Accepted end-of-text tokens, in order of preference; documents end with it. */
    public static final List<String> END_OF_TEXT_TOKENS = List.of("<|endoftext|>", "<|end_of_text|>", "</s>", "<eos>");
    public static final String DUPLICATE = "duplicate", NEAR_DUPLICATE = "near_duplicate";
    static final String TOKENIZER_COPY = "tokenizer";
    private static final int BATCH_DOCUMENTS = 1024;
    private static final long BATCH_CHARS = 4L << 20;

    /** Told after each batch how many documents and UTF-8 bytes have been read. */
    public interface Progress {
        void update(long documents, long bytes);

        Progress NONE = (documents, bytes) -> {};
    }

    private final Tokenizer tokenizer;
    private final Path tokenizerPath;
    private final PrepareConfig config;

    public CorpusPreparer(Tokenizer tokenizer, Path tokenizerPath, PrepareConfig config) {
        this.tokenizer = tokenizer;
        this.tokenizerPath = tokenizerPath;
        this.config = config;
        endOfText(tokenizer, tokenizerPath);
    }

    /** The tokenizer's end-of-text token, or an error naming the tokenizer. */
    public static AddedToken endOfText(Tokenizer tokenizer, Path tokenizerPath) {
        return END_OF_TEXT_TOKENS.stream()
                .flatMap(name -> tokenizer.addedTokens().stream().filter(t -> t.content().equals(name)))
                .findFirst()
                .orElseThrow(() -> new TrainingException("the tokenizer " + tokenizerPath + " has no end-of-text token (one of "
                        + END_OF_TEXT_TOKENS + " as an added token), which ends every document in the shards; train one with "
                        + "'hanlm tokenizer train' (it adds <|endoftext|>)"));
    }

    /** Writes the prepared data into {@code outputDir} (an empty directory) and returns its manifest. */
    public Manifest prepare(List<Path> inputs, Path outputDir, Progress progress) throws IOException {
        for (Path input : inputs) {
            if (!Files.isRegularFile(input)) throw new TrainingException(input + " does not exist or is not a file");
        }
        try (Run run = new Run(new PreparedOutput(outputDir, tokenizer, tokenizerPath, config), progress)) {
            for (Path input : inputs) run.read(input);
            return run.output.finish(new PreparedOutput.Statistics(List.copyOf(run.sources), run.removed, run.piiReplaced));
        }
    }

    /** The state of one preparation: the output, the duplicate sets and the counts. */
    private final class Run implements AutoCloseable {
        private final DocumentCleaner cleaner = config.cleaning().cleaner();
        private final Deduplicator deduplicator = new Deduplicator();
        private final NearDuplicates nearDuplicates = new NearDuplicates();
        private final Map<String, Long> removed = new LinkedHashMap<>(), piiReplaced = new LinkedHashMap<>();
        private final List<Manifest.Source> sources = new ArrayList<>();
        private final PreparedOutput output;
        private final Progress progress;
        private long documentsRead, bytesRead, batchChars;

        private record Candidate(DocumentCleaner.Cleaned cleaned, DocumentHash hash, long bytes) {}

        /** What one input file gave. */
        private static final class SourceCounts {
            long read, kept, tokens, bytes;
        }

        Run(PreparedOutput output, Progress progress) {
            this.output = output;
            this.progress = progress;
            for (String reason : config.cleaning().dropReasons()) removed.put(reason, 0L);
        }

        void read(Path input) throws IOException {
            SourceCounts counts = new SourceCounts();
            List<String> batch = new ArrayList<>();
            try {
                new CorpusReader(config.textField()).read(input, text -> {
                    batch.add(text);
                    batchChars += text.length();
                    if (batch.size() == BATCH_DOCUMENTS || batchChars >= BATCH_CHARS) process(batch, counts);
                });
            } catch (ZipException | EOFException e) {
                throw new TrainingException(input + " is not a complete gzip file (" + e.getMessage() + ")", e);
            }
            process(batch, counts);
            sources.add(new Manifest.Source(input.toString(), counts.read, counts.kept, counts.tokens, counts.bytes));
        }

        private void process(List<String> batch, SourceCounts counts) {
            List<Candidate> candidates = batch.parallelStream().map(raw -> {
                DocumentCleaner.Cleaned cleaned = cleaner.clean(raw);
                return new Candidate(cleaned, cleaned.kept() ? DocumentHash.of(cleaned.text()) : null,
                        raw.getBytes(StandardCharsets.UTF_8).length);
            }).toList();
            List<String> keptTexts = new ArrayList<>();
            List<Boolean> toValidation = new ArrayList<>();
            for (Candidate c : candidates) {
                bytesRead += c.bytes();
                counts.bytes += c.bytes();
                String reason = c.cleaned().dropReason();
                if (reason == null && config.cleaning().dedup() && !deduplicator.firstSeen(c.hash())) reason = DUPLICATE;
                if (reason == null && config.cleaning().nearDedup() && nearDuplicates.seenBefore(c.cleaned().text())) reason = NEAR_DUPLICATE;
                if (reason != null) {
                    removed.merge(reason, 1L, Long::sum);
                    continue;
                }
                c.cleaned().piiReplaced().forEach((kind, n) -> piiReplaced.merge(kind, n, Long::sum));
                keptTexts.add(c.cleaned().text());
                toValidation.add(config.split().isValidation(c.hash()));
            }
            List<int[]> encoded = tokenizer.encodeBatch(keptTexts);
            try {
                for (int d = 0; d < encoded.size(); d++) {
                    int[] ids = PreparedOutput.withEndOfText(encoded.get(d), output.endOfTextId());
                    output.write(ids, toValidation.get(d));
                    counts.tokens += ids.length;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            counts.read += batch.size();
            counts.kept += keptTexts.size();
            documentsRead += batch.size();
            batch.clear();
            batchChars = 0;
            progress.update(documentsRead, bytesRead);
        }

        @Override
        public void close() throws IOException {
            output.close();
        }
    }
}

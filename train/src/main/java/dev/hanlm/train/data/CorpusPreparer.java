package dev.hanlm.train.data;

import dev.hanlm.tokenizer.AddedToken;
import dev.hanlm.tokenizer.CorpusReader;
import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.train.TrainingException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * {@code hanlm data prepare}: reads corpus files, cleans them ({@link DocumentCleaner}, then exact
 * duplicates), splits off validation by document hash, tokenizes on all cores and writes token shards, the
 * optional Megatron files and {@code manifest.json} into a directory. Documents are taken in batches in
 * input order, so the output is the same whatever the number of cores.
 */
public final class CorpusPreparer {
    /** Accepted end-of-text tokens, in order of preference; documents end with it. */
    public static final List<String> END_OF_TEXT_TOKENS = List.of("<|endoftext|>", "<|end_of_text|>", "</s>", "<eos>");
    public static final String DUPLICATE = "duplicate";
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
    private final AddedToken endOfText;

    public CorpusPreparer(Tokenizer tokenizer, Path tokenizerPath, PrepareConfig config) {
        this.tokenizer = tokenizer;
        this.tokenizerPath = tokenizerPath;
        this.config = config;
        this.endOfText = endOfText(tokenizer).orElseThrow(() -> new TrainingException("the tokenizer " + tokenizerPath
                + " has no end-of-text token (one of " + END_OF_TEXT_TOKENS + " as an added token), which ends every document "
                + "in the shards; train one with 'hanlm tokenizer train' (it adds <|endoftext|>)"));
    }

    static java.util.Optional<AddedToken> endOfText(Tokenizer tokenizer) {
        return END_OF_TEXT_TOKENS.stream()
                .flatMap(name -> tokenizer.addedTokens().stream().filter(t -> t.content().equals(name)))
                .findFirst();
    }

    /** Writes the prepared data into {@code outputDir} (an empty directory) and returns its manifest. */
    public Manifest prepare(List<Path> inputs, Path outputDir, Progress progress) throws IOException {
        for (Path input : inputs) {
            if (!Files.isRegularFile(input)) throw new TrainingException(input + " does not exist or is not a file");
        }
        try (Run run = new Run(outputDir, progress)) {
            for (Path input : inputs) run.read(input);
            return run.finish();
        }
    }

    /** The state of one preparation: writers, the duplicate set and the counts. */
    private final class Run implements AutoCloseable {
        private final DocumentCleaner cleaner = config.cleaning().cleaner();
        private final Deduplicator deduplicator = new Deduplicator();
        private final Map<String, Long> removed = new LinkedHashMap<>();
        private final List<Manifest.Source> sources = new ArrayList<>();
        private final Path dir;
        private final Progress progress;
        private final ShardedSplitWriter train, val;
        private final MegatronWriter megatronTrain, megatronVal;
        private long documentsRead, bytesRead, batchChars;

        private record Candidate(DocumentCleaner.Cleaned cleaned, DocumentHash hash, long bytes) {}

        /** What one input file gave. */
        private static final class SourceCounts {
            long read, kept, tokens;
        }

        Run(Path dir, Progress progress) throws IOException {
            this.dir = dir;
            this.progress = progress;
            int vocab = tokenizer.vocabSize();
            for (DocumentFilter filter : cleaner.filters()) removed.put(filter.reason(), 0L);
            if (config.cleaning().dedup()) removed.put(DUPLICATE, 0L);
            train = new ShardedSplitWriter(dir, TokenDataset.Split.TRAIN.key(), vocab, config.shardTokens());
            val = new ShardedSplitWriter(dir, TokenDataset.Split.VALIDATION.key(), vocab, config.shardTokens());
            if (config.megatron()) {
                Files.createDirectories(dir.resolve("megatron"));
                megatronTrain = new MegatronWriter(dir.resolve(megatronPrefix(TokenDataset.Split.TRAIN)), vocab);
                megatronVal = new MegatronWriter(dir.resolve(megatronPrefix(TokenDataset.Split.VALIDATION)), vocab);
            } else {
                megatronTrain = megatronVal = null;
            }
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
            sources.add(new Manifest.Source(input.toString(), counts.read, counts.kept, counts.tokens));
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
                String reason = c.cleaned().dropReason();
                if (reason == null && config.cleaning().dedup() && !deduplicator.firstSeen(c.hash())) reason = DUPLICATE;
                if (reason != null) {
                    removed.merge(reason, 1L, Long::sum);
                    continue;
                }
                keptTexts.add(c.cleaned().text());
                toValidation.add(config.split().isValidation(c.hash()));
            }
            List<int[]> encoded = tokenizer.encodeBatch(keptTexts);
            try {
                for (int d = 0; d < encoded.size(); d++) {
                    int[] ids = Arrays.copyOf(encoded.get(d), encoded.get(d).length + 1);
                    ids[ids.length - 1] = endOfText.id();
                    boolean validation = toValidation.get(d);
                    (validation ? val : train).writeDocument(ids);
                    MegatronWriter megatron = validation ? megatronVal : megatronTrain;
                    if (megatron != null) megatron.writeDocument(ids);
                    counts.tokens += ids.length;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            counts.read += batch.size();
            counts.kept += keptTexts.size();
            documentsRead += batch.size();
            batch.clear();
            batchChars = 0;
            progress.update(documentsRead, bytesRead);
        }

        Manifest finish() throws IOException {
            long kept = sources.stream().mapToLong(Manifest.Source::documentsKept).sum();
            if (kept == 0) {
                throw new TrainingException("no documents are left after cleaning (" + documentsRead + " read; removed: " + removed
                        + "); check the inputs, or loosen --min-chars, --min-hangul-ratio, --max-repeated-share or --max-jamo-share");
            }
            Map<String, Manifest.SplitFiles> splits = new LinkedHashMap<>();
            splits.put(TokenDataset.Split.TRAIN.key(), splitFiles(train.finish()));
            splits.put(TokenDataset.Split.VALIDATION.key(), splitFiles(val.finish()));
            Manifest.MegatronFiles megatron = null;
            if (config.megatron()) {
                megatronTrain.finish();
                megatronVal.finish();
                megatron = new Manifest.MegatronFiles(megatronPrefix(TokenDataset.Split.TRAIN), megatronPrefix(TokenDataset.Split.VALIDATION),
                        MegatronWriter.dtypeName(tokenizer.vocabSize()));
            }
            TokenizerIdentity.copy(tokenizerPath, dir.resolve(TOKENIZER_COPY));
            Manifest manifest = new Manifest(Manifest.FORMAT, Manifest.FORMAT_VERSION,
                    new Manifest.TokenizerInfo(tokenizerPath.toAbsolutePath().normalize().toString(), TOKENIZER_COPY, TokenizerIdentity.sha256(tokenizerPath),
                            TokenizerIdentity.settingsSha256(tokenizerPath), tokenizer.vocabSize(), endOfText.id(), endOfText.content()),
                    config.cleaning(), List.copyOf(sources),
                    removed.entrySet().stream().map(e -> new Manifest.FilterCount(e.getKey(), e.getValue())).toList(),
                    new Manifest.SplitRule(config.split().fraction(), ValidationSplit.RULE), splits, megatron);
            manifest.write(dir);
            return manifest;
        }

        private static Manifest.SplitFiles splitFiles(List<Manifest.Shard> shards) {
            return new Manifest.SplitFiles(shards.stream().mapToLong(Manifest.Shard::documents).sum(),
                    shards.stream().mapToLong(Manifest.Shard::tokens).sum(), shards);
        }

        private static String megatronPrefix(TokenDataset.Split split) {
            return "megatron/" + split.key() + "_text_document";
        }

        @Override
        public void close() throws IOException {
            try (train; val; megatronTrain; megatronVal) {
                // each closes, deleting what it left unfinished
            }
        }
    }
}

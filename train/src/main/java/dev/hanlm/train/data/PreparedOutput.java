package dev.hanlm.train.data;

import dev.hanlm.tokenizer.AddedToken;
import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.train.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a prepared directory, written in document order by either driver: the token shards of both splits,
 * the optional Megatron-LM files, then the tokenizer's copy and {@code manifest.json}. Closing before
 * {@link #finish} deletes what was left unfinished.
 */
public final class PreparedOutput implements AutoCloseable {
    private final Path dir;
    private final Tokenizer tokenizer;
    private final Path tokenizerPath;
    private final PrepareConfig config;
    private final AddedToken endOfText;
    private final ShardedSplitWriter train, val;
    private final MegatronWriter megatronTrain, megatronVal;

    /** What the cleaning stages did, for the manifest. */
    public record Statistics(List<Manifest.Source> sources, Map<String, Long> removed, Map<String, Long> piiReplaced) {}

    public PreparedOutput(Path dir, Tokenizer tokenizer, Path tokenizerPath, PrepareConfig config) throws IOException {
        this.dir = dir;
        this.tokenizer = tokenizer;
        this.tokenizerPath = tokenizerPath;
        this.config = config;
        this.endOfText = CorpusPreparer.endOfText(tokenizer, tokenizerPath);
        int vocab = tokenizer.vocabSize();
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

    /** A document's ids with the end-of-text token appended: what the shards hold. */
    public static int[] withEndOfText(int[] ids, int endOfTextId) {
        int[] out = Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = endOfTextId;
        return out;
    }

    public int endOfTextId() {
        return endOfText.id();
    }

    /** Writes one document (its ids ending with end-of-text) into its split. */
    public void write(int[] ids, boolean validation) throws IOException {
        (validation ? val : train).writeDocument(ids);
        MegatronWriter megatron = validation ? megatronVal : megatronTrain;
        if (megatron != null) megatron.writeDocument(ids);
    }

    /** Ends the shards and writes the manifest; refuses a corpus of which nothing was kept. */
    public Manifest finish(Statistics statistics) throws IOException {
        if (statistics.sources().stream().mapToLong(Manifest.Source::documentsKept).sum() == 0) {
            long read = statistics.sources().stream().mapToLong(Manifest.Source::documentsRead).sum();
            throw new TrainingException("no documents are left after cleaning (" + read + " read; removed: " + statistics.removed()
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
        TokenizerIdentity.copy(tokenizerPath, dir.resolve(CorpusPreparer.TOKENIZER_COPY));
        Manifest manifest = new Manifest(Manifest.FORMAT, Manifest.FORMAT_VERSION,
                new Manifest.TokenizerInfo(tokenizerPath.toAbsolutePath().normalize().toString(), CorpusPreparer.TOKENIZER_COPY,
                        TokenizerIdentity.sha256(tokenizerPath), TokenizerIdentity.settingsSha256(tokenizerPath), tokenizer.vocabSize(),
                        endOfText.id(), endOfText.content()),
                config.cleaning(), List.copyOf(statistics.sources()),
                statistics.removed().entrySet().stream().map(e -> new Manifest.FilterCount(e.getKey(), e.getValue())).toList(),
                new Manifest.SplitRule(config.split().fraction(), ValidationSplit.RULE), splits, megatron,
                config.cleaning().anonymizePii() ? statistics.piiReplaced() : null);
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

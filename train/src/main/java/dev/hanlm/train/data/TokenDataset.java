package dev.hanlm.train.data;

import dev.hanlm.train.TrainingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One split of a prepared data directory as a single stream of token ids: its shards, memory-mapped and
 * read as if concatenated in order. Opening checks each shard's header against its size and the manifest;
 * {@link #validate} also reads every id. Safe to read from many threads. A split that received no
 * document (e.g. validation with {@code --val-fraction 0}) opens with size 0.
 */
public final class TokenDataset implements AutoCloseable {
    public enum Split {
        TRAIN("train"), VALIDATION("val");

        private final String key;

        Split(String key) {
            this.key = key;
        }

        /** The split's name in the manifest and its shards' file prefix. */
        public String key() {
            return key;
        }
    }

    private final Path dir;
    private final Manifest manifest;
    private final TokenShard[] shards;
    private final long[] starts; // starts[s] = tokens in the shards before s; starts[shards.length] = size

    private TokenDataset(Path dir, Manifest manifest, TokenShard[] shards) {
        this.dir = dir;
        this.manifest = manifest;
        this.shards = shards;
        this.starts = new long[shards.length + 1];
        for (int s = 0; s < shards.length; s++) starts[s + 1] = starts[s] + shards[s].size();
    }

    public static TokenDataset open(Path preparedDir, Split split) {
        Manifest manifest = Manifest.read(preparedDir);
        List<TokenShard> opened = new ArrayList<>();
        try {
            for (Manifest.Shard entry : manifest.splitFiles(split).shards()) {
                TokenShard shard = TokenShard.open(preparedDir.resolve(entry.file()));
                opened.add(shard);
                checkAgainstManifest(shard, entry, manifest.tokenizer().vocabSize());
            }
        } catch (RuntimeException e) {
            opened.forEach(TokenShard::close);
            throw e;
        }
        return new TokenDataset(preparedDir, manifest, opened.toArray(TokenShard[]::new));
    }

    private static void checkAgainstManifest(TokenShard shard, Manifest.Shard entry, int vocabSize) {
        if (shard.vocabSize() != vocabSize) {
            throw new TrainingException("the token shard " + shard.file() + " has a vocabulary of " + shard.vocabSize() + " but the manifest says " + vocabSize);
        }
        if (shard.size() != entry.tokens() || shard.documents() != entry.documents()) {
            throw new TrainingException("the token shard " + shard.file() + " holds " + shard.size() + " tokens in " + shard.documents()
                    + " documents but the manifest lists " + entry.tokens() + " in " + entry.documents() + "; was it replaced?");
        }
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Tokens in the split: all its shards, concatenated in order. */
    public long size() {
        return starts[shards.length];
    }

    public int vocabSize() {
        return manifest.tokenizer().vocabSize();
    }

    public int eosId() {
        return manifest.tokenizer().eosId();
    }

    /** The SHA-256 of the {@code tokenizer.json} that made the data (see {@link TokenizerIdentity}). */
    public String tokenizerHash() {
        return manifest.tokenizer().sha256();
    }

    /** The SHA-256 of a tokenizer's {@code tokenizer.json} (a directory or the file), to compare with {@link #tokenizerHash}. */
    public static String hashTokenizer(Path tokenizerDirOrFile) {
        return TokenizerIdentity.sha256(tokenizerDirOrFile);
    }

    /** The copy of the tokenizer kept with the data, else the directory it was read from; null when neither exists. */
    public Path tokenizerDirectory() {
        Manifest.TokenizerInfo info = manifest.tokenizer();
        if (info.copy() != null && Files.isDirectory(dir.resolve(info.copy()))) return dir.resolve(info.copy());
        Path original = info.path() == null ? null : Path.of(info.path());
        if (original != null && Files.isRegularFile(original)) original = original.getParent();
        return original != null && Files.isDirectory(original) ? original : null;
    }

    public int get(long position) {
        Objects.checkIndex(position, size());
        int s = shardAt(position);
        return shards[s].get(position - starts[s]);
    }

    /** Reads {@code n} tokens from {@code position} into {@code dst}, across shard boundaries. */
    public void read(long position, int[] dst, int dstOffset, int n) {
        Objects.checkFromIndexSize(position, n, size());
        Objects.checkFromIndexSize(dstOffset, n, dst.length);
        for (int s = n == 0 ? 0 : shardAt(position); n > 0; s++) {
            long local = position - starts[s];
            int take = (int) Math.min(n, shards[s].size() - local);
            shards[s].read(local, dst, dstOffset, take);
            position += take;
            dstOffset += take;
            n -= take;
        }
    }

    /** Reads every token of every shard; fails on the first id outside the vocabulary. */
    public void validate() {
        for (TokenShard shard : shards) shard.validate();
    }

    /** The last shard starting at or before the position: with empty shards in between, the one holding it. */
    private int shardAt(long position) {
        int lo = 0, hi = shards.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= position) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    @Override
    public void close() {
        for (TokenShard shard : shards) shard.close();
    }
}

package dev.hanlm.train.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one split as numbered shards ({@code train-00000.tok}, ...). A document never straddles two
 * shards: a new one starts when the next document would take the current one past the token limit, so a
 * document longer than the limit gets a shard of its own.
 */
final class ShardedSplitWriter implements AutoCloseable {
    private final Path dir;
    private final String prefix;
    private final int vocabSize;
    private final long shardTokens;
    private final List<Manifest.Shard> finished = new ArrayList<>();
    private TokenShardWriter current;
    private String currentName;

    ShardedSplitWriter(Path dir, String prefix, int vocabSize, long shardTokens) {
        this.dir = dir;
        this.prefix = prefix;
        this.vocabSize = vocabSize;
        this.shardTokens = shardTokens;
    }

    void writeDocument(int[] ids) throws IOException {
        if (current != null && current.tokens() > 0 && current.tokens() + ids.length > shardTokens) finishShard();
        if (current == null) {
            currentName = String.format("%s-%05d.tok", prefix, finished.size());
            current = new TokenShardWriter(dir.resolve(currentName), vocabSize);
        }
        current.writeDocument(ids);
    }

    /** The shards written, in order; none when the split received no document. */
    List<Manifest.Shard> finish() throws IOException {
        if (current != null) finishShard();
        return List.copyOf(finished);
    }

    private void finishShard() throws IOException {
        current.finish();
        finished.add(new Manifest.Shard(currentName, current.documents(), current.tokens()));
        current = null;
    }

    @Override
    public void close() throws IOException {
        if (current != null) current.close();
    }
}

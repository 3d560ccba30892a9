package dev.hanlm.train.data;

import dev.hanlm.train.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one token shard (format in {@link TokenShard}) under a temporary name; {@link #finish} fills in the
 * header and moves it into place, and closing an unfinished writer deletes it.
 */
public final class TokenShardWriter implements AutoCloseable {
    private final Path target;
    private final Path temporary;
    private final int vocabSize;
    private final int bytesPerToken;
    private final LittleEndianOutput out;
    private long tokens;
    private long documents;
    private boolean finished;

    public TokenShardWriter(Path target, int vocabSize) throws IOException {
        if (vocabSize < 1) throw new IllegalArgumentException("vocab size " + vocabSize);
        this.target = target;
        this.temporary = AtomicFiles.temporary(target);
        this.vocabSize = vocabSize;
        this.bytesPerToken = TokenShard.bytesPerToken(vocabSize);
        this.out = new LittleEndianOutput(temporary);
        out.writeBytes(new byte[TokenShard.HEADER_BYTES]);
    }

    /** Appends one document: its tokens, the end-of-text token included. */
    public void writeDocument(int[] ids) throws IOException {
        for (int id : ids) {
            if (id < 0 || id >= vocabSize) throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + vocabSize);
            if (bytesPerToken == 2) out.writeShort(id);
            else out.writeInt(id);
        }
        tokens += ids.length;
        documents++;
    }

    public long tokens() {
        return tokens;
    }

    public long documents() {
        return documents;
    }

    public void finish() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(TokenShard.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put(TokenShard.MAGIC.getBytes(StandardCharsets.US_ASCII)).putInt(TokenShard.HEADER_BYTES).putInt(bytesPerToken)
                .putLong(tokens).putLong(documents).putInt(vocabSize).rewind();
        out.patch(0, header);
        out.close();
        AtomicFiles.moveIntoPlace(temporary, target);
        finished = true;
    }

    @Override
    public void close() throws IOException {
        if (finished) return;
        out.close();
        Files.deleteIfExists(temporary);
    }
}

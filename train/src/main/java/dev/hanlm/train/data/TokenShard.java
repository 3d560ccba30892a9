package dev.hanlm.train.data;

import dev.hanlm.train.TrainingException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One token shard, memory-mapped. The file is a 64-byte little-endian header, then the token ids:
 * <pre>
 * 0   8 bytes  magic "HNLMTOK1"
 * 8   int32    header size (64)
 * 12  int32    bytes per token: 2 (uint16) when the vocabulary has at most 65,536 ids, else 4 (uint32)
 * 16  int64    token count
 * 24  int64    document count
 * 32  int32    vocab size
 * 36  zeros up to 64
 * 64  the tokens, documents one after another, each ending with the end-of-text id
 * </pre>
 * Safe to read from many threads.
 */
public final class TokenShard implements AutoCloseable {
    public static final String MAGIC = "HNLMTOK1";
    public static final int HEADER_BYTES = 64;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final Arena arena;
    private final MemorySegment data;
    private final int bytesPerToken;
    private final long size;
    private final long documents;
    private final int vocabSize;

    private TokenShard(Path file, Arena arena, MemorySegment data) {
        this.file = file;
        this.arena = arena;
        this.data = data;
        if (data.byteSize() < HEADER_BYTES) throw corrupt("has " + data.byteSize() + " bytes, less than the 64-byte header");
        String magic = new String(data.asSlice(0, 8).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.ISO_8859_1);
        if (!magic.equals(MAGIC)) throw corrupt("does not start with " + MAGIC);
        int headerBytes = data.get(U32, 8);
        this.bytesPerToken = data.get(U32, 12);
        this.size = data.get(I64, 16);
        this.documents = data.get(I64, 24);
        this.vocabSize = data.get(U32, 32);
        if (headerBytes != HEADER_BYTES) throw corrupt("has a header size of " + headerBytes + ", not 64");
        if (vocabSize < 1) throw corrupt("has a vocab size of " + vocabSize);
        if (bytesPerToken != 4 && !(bytesPerToken == 2 && vocabSize <= 65536)) {
            throw corrupt("stores " + bytesPerToken + " bytes per token for a vocabulary of " + vocabSize);
        }
        if (size < 0 || documents < 0 || documents > size) throw corrupt("has a bad header: " + size + " tokens, " + documents + " documents");
        long expected = HEADER_BYTES + size * bytesPerToken;
        if (data.byteSize() != expected) {
            throw corrupt(data.byteSize() < expected
                    ? "is truncated: its header promises " + size + " tokens (" + expected + " bytes) but the file has " + data.byteSize()
                    : "has " + (data.byteSize() - expected) + " bytes beyond its " + size + " tokens");
        }
    }

    public static TokenShard open(Path file) {
        if (!Files.isRegularFile(file)) throw new TrainingException(file + " does not exist (a token shard was expected)");
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file)) {
            return new TokenShard(file, arena, channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena));
        } catch (IOException e) {
            arena.close();
            throw new TrainingException("cannot read the token shard " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** 2 when every id fits in an unsigned 16-bit number, else 4. */
    public static int bytesPerToken(int vocabSize) {
        return vocabSize <= 65536 ? 2 : 4;
    }

    public Path file() {
        return file;
    }

    public long size() {
        return size;
    }

    public long documents() {
        return documents;
    }

    public int vocabSize() {
        return vocabSize;
    }

    public int bytesPerToken() {
        return bytesPerToken;
    }

    public int get(long position) {
        java.util.Objects.checkIndex(position, size);
        long offset = HEADER_BYTES + position * bytesPerToken;
        return bytesPerToken == 2 ? Short.toUnsignedInt(data.get(U16, offset)) : data.get(U32, offset);
    }

    public void read(long position, int[] dst, int dstOffset, int n) {
        java.util.Objects.checkFromIndexSize(position, n, size);
        java.util.Objects.checkFromIndexSize(dstOffset, n, dst.length);
        long offset = HEADER_BYTES + position * bytesPerToken;
        if (bytesPerToken == 4) {
            MemorySegment.copy(data, U32, offset, dst, dstOffset, n);
        } else {
            for (int k = 0; k < n; k++) dst[dstOffset + k] = Short.toUnsignedInt(data.get(U16, offset + 2L * k));
        }
    }

    /** Reads every token and fails on the first id outside the vocabulary (a whole pass over the file). */
    public void validate() {
        for (long i = 0; i < size; i++) {
            int id = get(i);
            if (id < 0 || id >= vocabSize) throw corrupt("has token id " + Integer.toUnsignedString(id) + " at position " + i + ", outside its vocabulary of " + vocabSize);
        }
    }

    private TrainingException corrupt(String what) {
        return new TrainingException("the token shard " + file + " " + what);
    }

    @Override
    public void close() {
        arena.close();
    }
}

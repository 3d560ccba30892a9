package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.train.TrainingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenShardTest {
    @TempDir
    Path dir;

    private Path write(String name, int vocab, int[]... documents) throws IOException {
        Path file = dir.resolve(name);
        try (TokenShardWriter writer = new TokenShardWriter(file, vocab)) {
            for (int[] doc : documents) writer.writeDocument(doc);
            writer.finish();
        }
        return file;
    }

    @Test
    void theHeaderIsLaidOutByteByByte() throws IOException {
        Path file = write("a.tok", 50_000, new int[] {1, 49_999, 0}, new int[] {40_000, 0});
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(64 + 5 * 2, b.capacity());
        byte[] magic = new byte[8];
        b.get(magic);
        assertEquals("HNLMTOK1", new String(magic, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(64, b.getInt());
        assertEquals(2, b.getInt());
        assertEquals(5, b.getLong());
        assertEquals(2, b.getLong());
        assertEquals(50_000, b.getInt());
        while (b.position() < 64) assertEquals(0, b.get(), "reserved byte " + b.position());
        assertEquals(1, Short.toUnsignedInt(b.getShort()));
        assertEquals(49_999, Short.toUnsignedInt(b.getShort()), "ids above 32767 are unsigned");
    }

    @Test
    void uint16RoundTripUpToTheLargestId() throws IOException {
        try (TokenShard shard = TokenShard.open(write("u16.tok", 65_536, new int[] {0, 65_535, 32_768, 7}))) {
            assertEquals(2, shard.bytesPerToken());
            assertEquals(4, shard.size());
            assertEquals(1, shard.documents());
            assertEquals(65_535, shard.get(1));
            int[] all = new int[6];
            shard.read(0, all, 1, 4);
            assertArrayEquals(new int[] {0, 0, 65_535, 32_768, 7, 0}, all);
            shard.validate();
        }
    }

    @Test
    void aVocabularyPast65536TakesFourBytes() throws IOException {
        try (TokenShard shard = TokenShard.open(write("u32.tok", 65_537, new int[] {65_536, 3}, new int[] {100, 0}))) {
            assertEquals(4, shard.bytesPerToken());
            assertEquals(2, shard.documents());
            int[] all = new int[4];
            shard.read(0, all, 0, 4);
            assertArrayEquals(new int[] {65_536, 3, 100, 0}, all);
            assertEquals(64 + 4 * 4, Files.size(shard.file()));
        }
    }

    @Test
    void theWriterRefusesIdsOutsideTheVocabulary() throws IOException {
        try (TokenShardWriter writer = new TokenShardWriter(dir.resolve("x.tok"), 10)) {
            assertThrows(IllegalArgumentException.class, () -> writer.writeDocument(new int[] {10}));
        }
    }

    @Test
    void anUnfinishedWriterLeavesNothingBehind() throws IOException {
        try (TokenShardWriter writer = new TokenShardWriter(dir.resolve("gone.tok"), 10)) {
            writer.writeDocument(new int[] {1, 2});
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void readsOutsideTheShardAreRefused() throws IOException {
        try (TokenShard shard = TokenShard.open(write("b.tok", 10, new int[] {1, 2, 3}))) {
            assertThrows(IndexOutOfBoundsException.class, () -> shard.get(3));
            assertThrows(IndexOutOfBoundsException.class, () -> shard.read(2, new int[2], 0, 2));
        }
    }

    private static String openError(Path file) {
        return assertThrows(TrainingException.class, () -> TokenShard.open(file).close()).getMessage();
    }

    @Test
    void aBadMagicIsNamed() throws IOException {
        Path file = write("c.tok", 10, new int[] {1, 2});
        patch(file, 0, ByteBuffer.wrap("NOTATOK!".getBytes()));
        String message = openError(file);
        assertTrue(message.contains(file.toString()) && message.contains("HNLMTOK1"), message);
    }

    @Test
    void aTruncatedShardSaysHowManyTokensWerePromised() throws IOException {
        Path file = write("d.tok", 10, new int[] {1, 2, 3, 4});
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(64 + 3 * 2);
        }
        assertTrue(openError(file).contains("is truncated: its header promises 4 tokens"), openError(file));
    }

    @Test
    void aCountBeyondTheFileOrBytesBeyondTheCountAreCorrupt() throws IOException {
        Path file = write("e.tok", 10, new int[] {1, 2});
        patch(file, 16, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1_000_000_000_000L));
        assertTrue(openError(file).contains("truncated"), openError(file));
        patch(file, 16, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1));
        assertTrue(openError(file).contains("2 bytes beyond its 1 tokens"), openError(file));
    }

    @Test
    void twoBytesPerTokenForAHugeVocabularyIsCorrupt() throws IOException {
        Path file = write("f.tok", 10, new int[] {1, 2});
        patch(file, 32, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 100_000));
        assertTrue(openError(file).contains("2 bytes per token for a vocabulary of 100000"), openError(file));
    }

    @Test
    void aFileShorterThanTheHeaderOrMissingIsNamed() throws IOException {
        Path file = Files.write(dir.resolve("g.tok"), new byte[10]);
        assertTrue(openError(file).contains("less than the 64-byte header"), openError(file));
        assertTrue(openError(dir.resolve("none.tok")).contains("does not exist"));
    }

    @Test
    void validationFindsAnIdOutsideTheVocabulary() throws IOException {
        Path file = write("h.tok", 1000, new int[] {1, 2, 3});
        patch(file, 64 + 2 * 2, ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) 1000));
        try (TokenShard shard = TokenShard.open(file)) {
            String message = assertThrows(TrainingException.class, shard::validate).getMessage();
            assertTrue(message.contains("token id 1000 at position 2"), message);
        }
    }

    private static void patch(Path file, long position, ByteBuffer bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(bytes, position);
        }
    }
}

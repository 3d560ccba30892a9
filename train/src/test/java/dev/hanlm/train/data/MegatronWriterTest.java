package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds the writer to the files tools/make_megatron_fixture.py writes with numpy in Megatron's layout, byte
 * for byte, and reads its output back with a reader written here from the published layout.
 */
class MegatronWriterTest {
    @TempDir
    Path dir;

    private Path write(String name, int vocab, int[]... documents) throws IOException {
        Path prefix = dir.resolve(name);
        try (MegatronWriter writer = new MegatronWriter(prefix, vocab)) {
            for (int[] doc : documents) writer.writeDocument(doc);
            writer.finish();
        }
        return prefix;
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = MegatronWriterTest.class.getResourceAsStream("/megatron/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void uint16MatchesTheNumpyFixtureByteForByte() throws IOException {
        Path prefix = write("uint16", 1000, new int[] {5, 17, 999, 0}, new int[] {42, 0}, new int[] {7, 8, 9, 10, 11, 0});
        assertArrayEquals(fixture("uint16.bin"), Files.readAllBytes(dir.resolve("uint16.bin")));
        assertArrayEquals(fixture("uint16.idx"), Files.readAllBytes(dir.resolve("uint16.idx")));
    }

    @Test
    void int32MatchesTheNumpyFixtureByteForByte() throws IOException {
        write("int32", 70_000, new int[] {69_999, 1, 0}, new int[] {65_536, 0});
        assertArrayEquals(fixture("int32.bin"), Files.readAllBytes(dir.resolve("int32.bin")));
        assertArrayEquals(fixture("int32.idx"), Files.readAllBytes(dir.resolve("int32.idx")));
    }

    @Test
    void anIndependentReaderFindsEveryDocument() throws IOException {
        int[][] docs = {{1, 2, 3, 0}, {0}, {65_000, 64_999, 0}};
        write("read", 65_499, docs);
        ByteBuffer idx = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("read.idx"))).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer bin = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("read.bin"))).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[9];
        idx.get(magic);
        assertArrayEquals("MMIDIDX\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), magic);
        assertEquals(1, idx.getLong(), "version");
        assertEquals(8, idx.get(), "dtype code of uint16 (a vocabulary below 65,500)");
        long sequences = idx.getLong(), documentIndices = idx.getLong();
        assertEquals(3, sequences);
        assertEquals(4, documentIndices);
        int[] lengths = new int[(int) sequences];
        for (int s = 0; s < sequences; s++) lengths[s] = idx.getInt();
        long[] pointers = new long[(int) sequences];
        for (int s = 0; s < sequences; s++) pointers[s] = idx.getLong();
        long[] documents = new long[(int) documentIndices];
        for (int d = 0; d < documentIndices; d++) documents[d] = idx.getLong();
        assertEquals(0, idx.remaining());
        assertArrayEquals(new long[] {0, 1, 2, 3}, documents);
        for (int s = 0; s < sequences; s++) {
            int[] tokens = new int[lengths[s]];
            for (int t = 0; t < tokens.length; t++) tokens[t] = Short.toUnsignedInt(bin.getShort((int) pointers[s] + 2 * t));
            assertArrayEquals(docs[s], tokens, "sequence " + s);
        }
        assertEquals(Arrays.stream(lengths).sum() * 2, bin.capacity());
    }

    @Test
    void theDtypeFollowsMegatronsOwnRule() {
        assertEquals("uint16", MegatronWriter.dtypeName(65_499));
        assertEquals("int32", MegatronWriter.dtypeName(65_500));
    }
}

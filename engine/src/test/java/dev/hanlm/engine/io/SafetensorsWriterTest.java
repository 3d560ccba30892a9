package dev.hanlm.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.engine.kernels.DType;
import dev.hanlm.engine.kernels.Tensor;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesAnAlignedHeaderThatTheReaderAccepts() throws Exception {
        Path file = dir.resolve("model.safetensors");
        float[] values = {9f, 1f, -2.5f, 3f, 0.1f, 7f, 8f};
        SafetensorsWriter.write(file, DType.F32, List.of(new SafetensorsWriter.Tensor("a.weight", new long[] {2, 3}, values, 1),
                new SafetensorsWriter.Tensor("b", new long[] {1}, values, 0)), Map.of("format", "pt"));
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "the data starts 8-byte aligned");
        try (Arena arena = Arena.ofConfined()) {
            var tensors = SafetensorsFile.read(file, arena);
            assertEquals(List.of("a.weight", "b"), List.copyOf(tensors.keySet()));
            float[] a = new float[6];
            Tensor.of(DType.F32, tensors.get("a.weight").data(), 6).toFloats(0, a, 0, 6);
            assertArrayEquals(new float[] {1f, -2.5f, 3f, 0.1f, 7f, 8f}, a);
            assertArrayEquals(new long[] {2, 3}, tensors.get("a.weight").shape());
        }
    }

    @Test
    void roundsToBf16NearestEven() {
        assertEquals((short) 0x3F80, SafetensorsWriter.bfloat16(1f));
        // exactly halfway between 0x3F80 and 0x3F81: to the even one; just above: up
        assertEquals((short) 0x3F80, SafetensorsWriter.bfloat16(Float.intBitsToFloat(0x3F808000)));
        assertEquals((short) 0x3F82, SafetensorsWriter.bfloat16(Float.intBitsToFloat(0x3F818000)));
        assertEquals((short) 0x3F81, SafetensorsWriter.bfloat16(Float.intBitsToFloat(0x3F808001)));
        assertTrue(Float.isNaN(Float.intBitsToFloat(SafetensorsWriter.bfloat16(Float.NaN) << 16)));
    }
}

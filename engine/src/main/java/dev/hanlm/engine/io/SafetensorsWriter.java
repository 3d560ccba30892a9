package dev.hanlm.engine.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.kernels.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Writes a safetensors file of float tensors in one dtype (F32, F16 or BF16, rounded to nearest even): the 8-byte
 * little-endian header length, the JSON header (each tensor's dtype, shape and data_offsets, plus
 * {@code __metadata__}) padded with spaces to a multiple of 8 bytes as the reference writer does, then the data in
 * header order. The file is written under a temporary name beside the target and moved into place, so a reader
 * never sees a partial file.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Floats encoded per write. */
    private static final int CHUNK = 1 << 18;

    /** A tensor: {@code values[offset ...]}, as many as its shape holds. */
    public record Tensor(String name, long[] shape, float[] values, int offset) {
        public long elements() {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }
    }

    private SafetensorsWriter() {}

    public static void write(Path file, DType dtype, List<Tensor> tensors, Map<String, String> metadata) {
        int bytes = switch (dtype) {
            case F32 -> 4;
            case F16, BF16 -> 2;
            case Q8_0, Q4_0 -> throw new IllegalArgumentException("safetensors has no dtype for " + dtype);
        };
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] header = header(dtype, bytes, tensors, metadata);
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
                writeFully(out, length);
                writeFully(out, ByteBuffer.wrap(header));
                ByteBuffer buffer = ByteBuffer.allocate(CHUNK * bytes).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : tensors) {
                    for (long done = 0, n = t.elements(); done < n; done += CHUNK) {
                        int count = (int) Math.min(CHUNK, n - done), from = t.offset() + (int) done;
                        buffer.clear();
                        for (int i = from; i < from + count; i++) put(buffer, dtype, t.values()[i]);
                        writeFully(out, buffer.flip());
                    }
                }
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the write already failed; that is the error to report
            }
            throw new EngineException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] header(DType dtype, int bytes, List<Tensor> tensors, Map<String, String> metadata)
            throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = root.putObject("__metadata__");
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (Tensor t : tensors) {
            ObjectNode e = root.putObject(t.name());
            e.put("dtype", dtype.name());
            var shape = e.putArray("shape");
            for (long d : t.shape()) shape.add(d);
            long end = offset + t.elements() * bytes;
            e.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        String text = JSON.writeValueAsString(root);
        int length = text.getBytes(StandardCharsets.UTF_8).length;
        return (text + " ".repeat((8 - length % 8) % 8)).getBytes(StandardCharsets.UTF_8);
    }

    private static void put(ByteBuffer b, DType dtype, float v) {
        switch (dtype) {
            case F32 -> b.putFloat(v);
            case F16 -> b.putShort(Float.floatToFloat16(v));
            default -> b.putShort(bfloat16(v));
        }
    }

    /** The bf16 nearest to v, ties to even (as torch rounds); NaN stays NaN. */
    static short bfloat16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) return (short) ((bits >>> 16) | 0x40);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) out.write(b);
    }
}

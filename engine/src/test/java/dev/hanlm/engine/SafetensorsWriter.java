package dev.hanlm.engine;

import dev.hanlm.engine.io.SafetensorsFile;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes safetensors files for the tests: rewritten copies of fixtures, and deliberately broken files. */
final class SafetensorsWriter {
    /** A tensor to write. */
    record Tensor(String dtype, long[] shape, byte[] data) {}

    private SafetensorsWriter() {}

    /** The tensors of an existing file, as bytes. */
    static Map<String, Tensor> read(Path file) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (Arena arena = Arena.ofConfined()) {
            for (SafetensorsFile.Entry e : SafetensorsFile.read(file, arena).values()) {
                out.put(e.name(), new Tensor(e.dtype(), e.shape(), e.data().toArray(ValueLayout.JAVA_BYTE)));
            }
        }
        return out;
    }

    static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (var e : tensors.entrySet()) {
            Tensor t = e.getValue();
            if (header.length() > 1) header.append(',');
            header.append('"').append(e.getKey()).append("\":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":")
                    .append(java.util.Arrays.toString(t.shape()).replace(" ", "")).append(",\"data_offsets\":[")
                    .append(offset).append(',').append(offset + t.data().length).append("]}");
            offset += t.data().length;
        }
        byte[] data = new byte[(int) offset];
        int at = 0;
        for (Tensor t : tensors.values()) {
            System.arraycopy(t.data(), 0, data, at, t.data().length);
            at += t.data().length;
        }
        writeRaw(file, header.append('}').toString(), data);
    }

    /** A file with exactly this header text and data, for corrupt-input tests. */
    static void writeRaw(Path file, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Files.write(file, b.array());
    }
}

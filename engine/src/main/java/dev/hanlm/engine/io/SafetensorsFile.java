package dev.hanlm.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hanlm.engine.EngineException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one safetensors file: an 8-byte little-endian header length, a JSON header mapping each tensor name to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets into the data that follows), then the data.
 * The file is memory-mapped whole; each {@link Entry} is a slice of the mapping, never a copy. Every header field is
 * checked against the file before it is used, so a corrupt file is refused with a message instead of a crash.
 */
public final class SafetensorsFile {
    /** The safetensors format caps its header at 100 MB. */
    private static final long MAX_HEADER = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(
            Map.entry("F64", 8), Map.entry("F32", 4), Map.entry("F16", 2), Map.entry("BF16", 2),
            Map.entry("I64", 8), Map.entry("I32", 4), Map.entry("I16", 2), Map.entry("I8", 1),
            Map.entry("U64", 8), Map.entry("U32", 4), Map.entry("U16", 2), Map.entry("U8", 1),
            Map.entry("BOOL", 1), Map.entry("F8_E4M3", 1), Map.entry("F8_E5M2", 1), Map.entry("F8_E8M0", 1));

    private SafetensorsFile() {}

    /**
     * One tensor of a safetensors file.
     *
     * @param dtype the safetensors dtype name ({@code F32}, {@code BF16}, ...)
     * @param data  its bytes: a slice of the mapped file
     */
    public record Entry(String name, String dtype, long[] shape, MemorySegment data, Path file) {
        public long elements() {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }

        public String shapeText() {
            return Arrays.toString(shape);
        }
    }

    /** Maps {@code file} into {@code arena} and returns its tensors by name, in header order. */
    public static Map<String, Entry> read(Path file, Arena arena) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            // the same memory as a plain native segment: every weight then has the segment class of the copies made in
            // memory (packed or quantized), so the Vector API's loads see one class (two of them halve their speed)
            MemorySegment whole = MemorySegment.ofAddress(mapped.address()).reinterpret(mapped.byteSize(), arena, null).asReadOnly();
            return parse(whole, file.toString(), file);
        } catch (IOException e) {
            throw new EngineException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The tensors of a safetensors file held in memory (a small file read from a jar, which cannot be mapped), by name,
     * in header order; {@code source} names it in messages, and the entries' {@code file} is null.
     */
    public static Map<String, Entry> read(byte[] bytes, String source) {
        return parse(MemorySegment.ofArray(bytes), source, null);
    }

    private static Map<String, Entry> parse(MemorySegment whole, String source, Path file) {
        long size = whole.byteSize();
        if (size < 8) {
            throw new EngineException(source + " is too short (" + size + " bytes) to be a safetensors file");
        }
        long headerLength = whole.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (headerLength < 2 || headerLength > size - 8 || headerLength > MAX_HEADER) {
            throw new EngineException(source + " declares a header of " + Long.toUnsignedString(headerLength)
                    + " bytes, which does not fit in the file of " + size + " bytes (is it truncated or not safetensors?)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(whole.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE));
        } catch (IOException e) {
            throw new EngineException(source + " has a header that is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new EngineException(source + " has a header that is not a JSON object");
        }
        long dataStart = 8 + headerLength;
        long dataSize = size - dataStart;
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (var field : root.properties()) {
            if (field.getKey().equals("__metadata__")) continue;
            Entry e = entry(source, file, field.getKey(), field.getValue(), whole, dataStart, dataSize);
            entries.put(e.name(), e);
        }
        return entries;
    }

    private static Entry entry(String source, Path file, String name, JsonNode node, MemorySegment mapped, long dataStart, long dataSize) {
        String where = source + ": tensor '" + name + "'";
        JsonNode dtypeNode = node.get("dtype"), shapeNode = node.get("shape"), offsetsNode = node.get("data_offsets");
        if (dtypeNode == null || !dtypeNode.isTextual()) throw new EngineException(where + " has no dtype string");
        String dtype = dtypeNode.asText();
        Integer elementBytes = DTYPE_BYTES.get(dtype);
        if (elementBytes == null) {
            throw new EngineException(where + " has unknown dtype '" + dtype + "' (expected a safetensors dtype such as F32, F16 or BF16)");
        }
        if (shapeNode == null || !shapeNode.isArray()) throw new EngineException(where + " has no shape array");
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                throw new EngineException(where + " has a shape entry that is not a non-negative integer: " + d);
            }
            shape[i] = d.asLong();
            elements = multiply(elements, shape[i], where);
        }
        if (offsetsNode == null || !offsetsNode.isArray() || offsetsNode.size() != 2
                || !offsetsNode.get(0).isIntegralNumber() || !offsetsNode.get(1).isIntegralNumber()) {
            throw new EngineException(where + " has no data_offsets pair [begin, end]");
        }
        long begin = offsetsNode.get(0).asLong(), end = offsetsNode.get(1).asLong();
        if (begin < 0 || end < begin || end > dataSize) {
            throw new EngineException(where + " has data_offsets [" + begin + ", " + end + "] outside the "
                    + dataSize + " data bytes of the file (is it truncated?)");
        }
        long expected = multiply(elements, elementBytes, where);
        if (end - begin != expected) {
            throw new EngineException(where + " has " + (end - begin) + " data bytes, but dtype " + dtype + " and shape "
                    + Arrays.toString(shape) + " need " + expected);
        }
        return new Entry(name, dtype, shape, mapped.asSlice(dataStart + begin, end - begin), file);
    }

    private static long multiply(long a, long b, String where) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new EngineException(where + " has a shape too large to address");
        }
    }
}

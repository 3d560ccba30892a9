package dev.hanlm.train.ptune;

import dev.hanlm.engine.io.SafetensorsFile;
import dev.hanlm.train.TrainingException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Reads the F32 tensors of p-tuning's small safetensors files onto the heap. */
final class F32Tensors {
    private F32Tensors() {}

    /** Every tensor of {@code file}, by name; any tensor that is not F32 is refused. */
    static Map<String, float[]> read(Path file) {
        try (Arena arena = Arena.ofConfined()) {
            Map<String, float[]> out = new HashMap<>();
            for (SafetensorsFile.Entry e : SafetensorsFile.read(file, arena).values()) {
                if (!e.dtype().equals("F32")) throw new TrainingException(file + ": tensor " + e.name() + " is " + e.dtype() + ", not F32");
                float[] values = new float[Math.toIntExact(e.elements())];
                MemorySegment.copy(e.data(), ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, values, 0, values.length);
                out.put(e.name(), values);
            }
            return out;
        }
    }

    /** The tensor {@code name} of {@code tensors} (read from {@code file}), which must hold {@code size} values. */
    static float[] require(Map<String, float[]> tensors, String name, int size, Path file) {
        float[] values = tensors.get(name);
        if (values == null || values.length != size) {
            throw new TrainingException(file + " must hold the F32 tensor " + name + " of " + size + " values");
        }
        return values;
    }
}

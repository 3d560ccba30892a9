package dev.hanlm.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.kernels.DType;
import dev.hanlm.engine.kernels.NativeMemory;
import dev.hanlm.engine.kernels.Tensor;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tensors of a Hugging Face model directory: {@code model.safetensors}, or the shards that
 * {@code model.safetensors.index.json} lists. All files are mapped into one shared {@link Arena}, which also owns any
 * memory made at load (quantized weights); {@link #close} releases them together.
 */
public final class Checkpoint implements AutoCloseable {
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final Path directory;
    private final Arena arena;
    private final Map<String, SafetensorsFile.Entry> tensors;

    private Checkpoint(Path directory, Arena arena, Map<String, SafetensorsFile.Entry> tensors) {
        this.directory = directory;
        this.arena = arena;
        this.tensors = tensors;
    }

    /** Opens the safetensors of {@code dir}, checking every header. */
    public static Checkpoint open(Path dir) {
        HfConfig.requireDirectory(dir);
        Path single = dir.resolve(SINGLE_FILE), index = dir.resolve(INDEX_FILE);
        Arena arena = Arena.ofShared();
        try {
            Map<String, SafetensorsFile.Entry> tensors;
            if (Files.isRegularFile(single)) {
                tensors = SafetensorsFile.read(single, arena);
            } else if (Files.isRegularFile(index)) {
                tensors = readShards(dir, index, arena);
            } else {
                throw new EngineException(dir + " has neither " + SINGLE_FILE + " nor " + INDEX_FILE);
            }
            return new Checkpoint(dir, arena, tensors);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static Map<String, SafetensorsFile.Entry> readShards(Path dir, Path index, Arena arena) {
        JsonNode weightMap = HfConfig.readJson(index).get("weight_map");
        if (weightMap == null || !weightMap.isObject()) {
            throw new EngineException(index + " has no weight_map object");
        }
        Map<String, Map<String, SafetensorsFile.Entry>> shards = new TreeMap<>();
        Map<String, SafetensorsFile.Entry> tensors = new LinkedHashMap<>();
        for (var e : weightMap.properties()) {
            String name = e.getKey(), shard = e.getValue().asText();
            Path file = dir.resolve(shard).normalize();
            if (!e.getValue().isTextual() || !file.getParent().equals(dir.normalize()) || !Files.isRegularFile(file)) {
                throw new EngineException(index + " places tensor '" + name + "' in '" + e.getValue().asText()
                        + "', which is not a file in " + dir);
            }
            SafetensorsFile.Entry entry = shards.computeIfAbsent(shard, s -> SafetensorsFile.read(file, arena)).get(name);
            if (entry == null) {
                throw new EngineException(index + " places tensor '" + name + "' in " + shard + ", which has no such tensor");
            }
            tensors.put(name, entry);
        }
        return tensors;
    }

    public Path directory() {
        return directory;
    }

    /** The arena the files are mapped into; memory allocated from it lives as long as this checkpoint. */
    public Arena arena() {
        return arena;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor {@code name}, or an {@link EngineException} naming it and the directory. */
    public SafetensorsFile.Entry require(String name) {
        SafetensorsFile.Entry e = tensors.get(name);
        if (e == null) throw new EngineException("the checkpoint in " + directory + " has no tensor '" + name + "'");
        return e;
    }

    /**
     * The tensor {@code name} as a view of its mapped bytes; it must exist, have exactly {@code shape} (what
     * {@code config.json} implies) and a float dtype (F32, F16 or BF16).
     */
    public Tensor tensor(String name, long... shape) {
        SafetensorsFile.Entry e = require(name);
        if (!Arrays.equals(e.shape(), shape)) {
            throw new EngineException("tensor '" + name + "' in " + directory + " has shape " + e.shapeText()
                    + ", but " + HfConfig.CONFIG_FILE + " implies " + Arrays.toString(shape));
        }
        DType dtype = switch (e.dtype()) {
            case "F32" -> DType.F32;
            case "F16" -> DType.F16;
            case "BF16" -> DType.BF16;
            default -> throw new EngineException("tensor '" + name + "' in " + directory + " has dtype "
                    + e.dtype() + ", but hanlm reads F32, F16 and BF16 weights");
        };
        return Tensor.of(dtype, e.data(), e.elements());
    }

    /**
     * Gives the pages of tensor {@code name}'s mapped bytes back to the system ({@link NativeMemory#dropPages}): for a
     * tensor whose copy is what the model reads. The tensor stays readable; its pages come back from the file if read.
     */
    public void dropPages(String name) {
        SafetensorsFile.Entry e = require(name);
        if (e.file() != null) NativeMemory.dropPages(e.data());
    }

    /** Unmaps the files and frees memory made at load; tensors of this checkpoint must not be used afterwards. */
    @Override
    public void close() {
        arena.close();
    }
}

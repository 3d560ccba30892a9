package dev.hanlm.engine.model;

import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.LoadOptions;
import dev.hanlm.engine.Quantization;
import dev.hanlm.engine.io.Checkpoint;
import dev.hanlm.engine.io.SafetensorsFile;
import dev.hanlm.engine.kernels.DType;
import dev.hanlm.engine.kernels.Matrix;
import dev.hanlm.engine.kernels.Tensor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Takes the weights a model asks for out of a {@link Checkpoint}: checks each tensor's dtype and its shape against
 * what config.json implies, optionally scans it for NaN and infinity, quantizes matmul weights when asked, and
 * counts the parameters by dtype.
 */
public final class WeightLoader {
    private static final int SCAN_CHUNK = 1 << 14;

    private final Checkpoint checkpoint;
    private final LoadOptions options;
    private final Set<String> used = new HashSet<>();
    private final Map<String, Long> fileDtypes = new TreeMap<>();
    /** Whether matmul weights are copied into panels: unquantized, unless the options keep them mapped. */
    private final boolean pack;
    private long parameters;

    public WeightLoader(Checkpoint checkpoint, LoadOptions options) {
        this.checkpoint = checkpoint;
        this.options = options;
        this.pack = options.quantize() == Quantization.NONE && options.pack();
    }

    /** Parameters of the tensors taken so far, each counted once (a tied embedding once). */
    public long parameterCount() {
        return parameters;
    }

    /** Parameters per dtype as stored in the files. */
    public Map<String, Long> fileDtypes() {
        return Map.copyOf(fileDtypes);
    }

    /** The first of {@code prefixes} under which {@code probe} exists (checkpoints differ, e.g. "" or "transformer."). */
    String prefix(String probe, String... prefixes) {
        for (String p : prefixes) if (checkpoint.contains(p + probe)) return p;
        throw new EngineException("the checkpoint in " + checkpoint.directory() + " has no tensor '" + probe + "' (looked for "
                + String.join(", ", Arrays.stream(prefixes).map(p -> "'" + p + probe + "'").toList()) + ")");
    }

    /** The tensor {@code name}, which must have exactly {@code shape}. */
    Tensor tensor(String name, long... shape) {
        Tensor t = checkpoint.tensor(name, shape);
        SafetensorsFile.Entry e = checkpoint.require(name);
        if (used.add(name)) {
            parameters += e.elements();
            fileDtypes.merge(e.dtype(), e.elements(), Long::sum);
            if (options.checkFinite()) requireFinite(name, t);
        }
        return t;
    }

    /** An {@code nn.Linear} weight, stored [rows][cols], packed or quantized as the options ask. */
    Matrix linear(String name, int rows, int cols) {
        return packOrQuantize(name, new Matrix(tensor(name, rows, cols), rows, cols, Matrix.Layout.ROW_MAJOR));
    }

    /** A GPT-2 {@code Conv1D} weight, stored [cols][rows], packed or quantized as the options ask. */
    Matrix conv1d(String name, int rows, int cols) {
        return packOrQuantize(name, new Matrix(tensor(name, cols, rows), rows, cols, Matrix.Layout.COLUMN_MAJOR));
    }

    /** {@code m} packed or quantized as the options ask. */
    private Matrix packOrQuantize(String name, Matrix m) {
        return loaded(name, m, pack ? m.toPanels(checkpoint.arena()) : quantize(name, m, options.quantize()));
    }

    /**
     * What the model reads of tensor {@code name}, stored as {@code m}: when it is a copy (packed or quantized), the
     * products read only the copy, so the tensor's pages of the file go back to the system and memory holds the weights
     * once, not twice (a tied embedding's rows come back from the file page by page as tokens need them).
     */
    private Matrix loaded(String name, Matrix m, Matrix read) {
        if (read != m) checkpoint.dropPages(name);
        return read;
    }

    /**
     * The LM head over tensor {@code name} ([vocab][hidden], the token embedding when tied): kept at Q8 when any
     * quantization is asked (see {@link Quantization}), else packed in panels whatever the options: a decode step's
     * logits, lone or batched, then sum in registers rather than one dot product per row (the largest product of a
     * small model's step, and the most rows of any model's).
     */
    Matrix head(String name, int vocab, int hidden) {
        Matrix m = new Matrix(tensor(name, vocab, hidden), vocab, hidden, Matrix.Layout.ROW_MAJOR);
        return loaded(name, m, options.quantize() == Quantization.NONE ? m.toPanels(checkpoint.arena()) : quantize(name, m, Quantization.Q8));
    }

    /** A small vector (a norm's weight, a bias), copied to the heap. */
    float[] vector(String name, int n) {
        Tensor t = tensor(name, n);
        float[] v = new float[n];
        t.toFloats(0, v, 0, n);
        return v;
    }

    /** {@code m} quantized as {@code q} asks; quantized panels live on the Java heap, which must hold them. */
    private Matrix quantize(String name, Matrix m, Quantization q) {
        try {
            return switch (q) {
                case NONE -> m;
                case Q8 -> m.quantize(DType.Q8_0, checkpoint.arena());
                case Q4 -> m.quantize(DType.Q4_0, checkpoint.arena());
            };
        } catch (OutOfMemoryError e) {
            // one large array failed to fit: the heap is as it was, and the message says how to give it room
            throw new EngineException("quantizing tensor '" + name + "' (" + m.rows() + " x " + m.cols() + ") to "
                    + q.name().toLowerCase(Locale.ROOT) + " needs more Java heap than the "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB this JVM may use: raise it with -Xmx "
                    + "(for ./hanlm, HANLM_JAVA_OPTS=-Xmx16g, say)", e);
        }
    }

    private void requireFinite(String name, Tensor t) {
        float[] chunk = new float[SCAN_CHUNK];
        for (long offset = 0; offset < t.size(); offset += SCAN_CHUNK) {
            int n = (int) Math.min(SCAN_CHUNK, t.size() - offset);
            t.toFloats(offset, chunk, 0, n);
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(chunk[i])) {
                    throw new EngineException("tensor '" + name + "' in " + checkpoint.directory() + " holds "
                            + chunk[i] + " at element " + (offset + i) + " (the weights must be finite)");
                }
            }
        }
    }
}

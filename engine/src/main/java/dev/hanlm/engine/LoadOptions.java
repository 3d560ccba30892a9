package dev.hanlm.engine;

/**
 * How to load a model.
 *
 * @param quantize    quantize the matmul weights at load ({@link Quantization#NONE} keeps the file's dtype)
 * @param checkFinite scan every weight for NaN and infinity at load and refuse the model naming the first bad tensor
 * @param packLimit   copy the unquantized matmul weights into panels at load when the checkpoint's tensors take at most
 *                    this many bytes (0: never; the LM head is packed whatever the size): a small model's decode steps
 *                    then run faster, for a copy that costs little; a larger checkpoint stays mapped, without a copy
 */
public record LoadOptions(Quantization quantize, boolean checkFinite, long packLimit) {
    /** The default {@link #packLimit}: 128 MiB, the size of a GPT-2 of about 30M parameters at f32. */
    public static final long PACK_LIMIT = 128L << 20;

    public LoadOptions {
        if (quantize == null) throw new IllegalArgumentException("quantize must not be null");
        if (packLimit < 0) throw new IllegalArgumentException("packLimit must be >= 0, not " + packLimit);
    }

    public static LoadOptions defaults() {
        return new LoadOptions(Quantization.NONE, false, PACK_LIMIT);
    }

    public LoadOptions withQuantize(Quantization q) {
        return new LoadOptions(q, checkFinite, packLimit);
    }

    public LoadOptions withCheckFinite(boolean check) {
        return new LoadOptions(quantize, check, packLimit);
    }

    public LoadOptions withPackLimit(long bytes) {
        return new LoadOptions(quantize, checkFinite, bytes);
    }
}

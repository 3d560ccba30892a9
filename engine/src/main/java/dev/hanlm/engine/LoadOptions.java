package dev.hanlm.engine;

/**
 * How to load a model.
 *
 * @param quantize    quantize the matmul weights at load ({@link Quantization#NONE} keeps the file's dtype)
 * @param checkFinite scan every weight for NaN and infinity at load and refuse the model naming the first bad tensor
 */
public record LoadOptions(Quantization quantize, boolean checkFinite) {
    public LoadOptions {
        if (quantize == null) throw new IllegalArgumentException("quantize must not be null");
    }

    public static LoadOptions defaults() {
        return new LoadOptions(Quantization.NONE, false);
    }

    public LoadOptions withQuantize(Quantization q) {
        return new LoadOptions(q, checkFinite);
    }

    public LoadOptions withCheckFinite(boolean check) {
        return new LoadOptions(quantize, check);
    }
}

package dev.hanlm.engine;

/**
 * How to load a model.
 *
 * @param quantize    quantize the matmul weights at load ({@link Quantization#NONE} keeps the file's dtype)
 * @param checkFinite scan every weight for NaN and infinity at load and refuse the model naming the first bad tensor
 * @param pack        copy the unquantized matmul weights into panels at load (the default), the layout the products
 *                    read fastest, and give the mapped pages they came from back to the system; false keeps them mapped
 *                    as stored (only the LM head is packed), for the fastest load and no copy
 */
public record LoadOptions(Quantization quantize, boolean checkFinite, boolean pack) {
    public LoadOptions {
        if (quantize == null) throw new IllegalArgumentException("quantize must not be null");
    }

    public static LoadOptions defaults() {
        return new LoadOptions(Quantization.NONE, false, true);
    }

    public LoadOptions withQuantize(Quantization q) {
        return new LoadOptions(q, checkFinite, pack);
    }

    public LoadOptions withCheckFinite(boolean check) {
        return new LoadOptions(quantize, check, pack);
    }

    public LoadOptions withPack(boolean packed) {
        return new LoadOptions(quantize, checkFinite, packed);
    }
}

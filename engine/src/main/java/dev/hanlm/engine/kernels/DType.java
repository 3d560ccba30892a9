package dev.hanlm.engine.kernels;

/** How the numbers of a {@link Tensor} are stored. */
public enum DType {
    F32, F16, BF16,
    /** Blocks of 32 signed bytes with one f16 scale (llama.cpp's Q8_0). */
    Q8_0,
    /** Blocks of 32 four-bit values (offset by 8) with one f16 scale (llama.cpp's Q4_0). */
    Q4_0;

    /** Values per quantization block. */
    public static final int BLOCK = 32;
}

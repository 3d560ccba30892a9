package dev.hanlm.engine;

import java.util.Locale;

/**
 * How the matmul weights are held after loading. {@code Q8} and {@code Q4} quantize them at load into blocks of 32
 * values with one scale (llama.cpp's Q8_0 and Q4_0); the output projection (the LM head) becomes Q8_0 in both modes,
 * as llama.cpp keeps it at higher precision, since it decides the logits directly. A Q4 matrix also rounds its inputs
 * to 8-bit blocks of 32, as llama.cpp rounds a Q4_0 product's activations ({@code kernels.BlockInputs}).
 */
public enum Quantization {
    NONE, Q8, Q4;

    /** Parses a command-line spelling: {@code none}, {@code q8} or {@code q4} (any case). */
    public static Quantization parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "none", "f32" -> NONE;
            case "q8", "q8_0" -> Q8;
            case "q4", "q4_0" -> Q4;
            default -> throw new EngineException("quantization '" + text + "' is not supported (expected none, q8 or q4)");
        };
    }
}

package dev.hanlm.engine;

/**
 * The {@code rope_scaling} of a Llama config, applied to the rotary inverse frequencies as Hugging Face does.
 *
 * @param kind                  {@code linear} divides every frequency by {@code factor}; {@code llama3} divides only
 *                              the low frequencies and blends the middle band (Llama 3.1's context extension)
 * @param factor                the scaling factor
 * @param lowFreqFactor         llama3 only: wavelengths above {@code originalContextLength / lowFreqFactor} are scaled
 * @param highFreqFactor        llama3 only: wavelengths below {@code originalContextLength / highFreqFactor} are kept
 * @param originalContextLength llama3 only: {@code original_max_position_embeddings}
 */
public record RopeScaling(Kind kind, double factor, double lowFreqFactor, double highFreqFactor,
                          int originalContextLength) {
    public enum Kind { LINEAR, LLAMA3 }

    public static RopeScaling linear(double factor) {
        return new RopeScaling(Kind.LINEAR, factor, 0, 0, 0);
    }
}

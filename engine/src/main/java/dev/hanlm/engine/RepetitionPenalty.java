package dev.hanlm.engine;

import java.util.BitSet;

/**
 * The repetition penalty of Hugging Face's {@code RepetitionPenaltyLogitsProcessor} (Keskar et al., CTRL, 2019): for
 * every distinct token already in the prompt or the output, a positive logit is divided by {@code factor} and a
 * negative one multiplied by it, whatever the number of occurrences. It is applied to the raw logits before
 * temperature, top-k and top-p, and so also to greedy decoding. A factor of 1 changes nothing; above 1 discourages
 * repeats, below 1 encourages them.
 *
 * <p>CLOVA Studio's {@code repeatPenalty} (0 to 10, default 5) is not published as a formula. hanlm defines it as
 * this penalty with {@code factor = 1 + repeatPenalty / 50}: 0 is off (1.0), the default 5 is 1.1 (the value most
 * often used with Hugging Face models, and CLOVA Studio's later {@code repetitionPenalty} default) and 10 is 1.2 (the
 * value the CTRL paper recommends). See {@link #clova}.
 *
 * @param factor the Hugging Face {@code repetition_penalty}, above 0
 */
public record RepetitionPenalty(double factor) {
    public static final RepetitionPenalty NONE = new RepetitionPenalty(1);
    public static final double CLOVA_MAX = 10;
    public static final double CLOVA_DEFAULT = 5;

    public RepetitionPenalty {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new EngineException("repetition penalty " + factor + " is not a positive number (1 is no penalty)");
        }
    }

    /** Hugging Face's {@code repetition_penalty}: the factor itself. */
    public static RepetitionPenalty hf(double factor) {
        return new RepetitionPenalty(factor);
    }

    /** CLOVA Studio's {@code repeatPenalty} in 0..10, as the factor {@code 1 + repeatPenalty / 50}. */
    public static RepetitionPenalty clova(double repeatPenalty) {
        if (!(repeatPenalty >= 0 && repeatPenalty <= CLOVA_MAX)) {
            throw new EngineException("repeat penalty " + repeatPenalty + " is outside 0.." + (int) CLOVA_MAX
                    + " (CLOVA Studio's scale; 0 is no penalty, 5 the default)");
        }
        return new RepetitionPenalty(1 + repeatPenalty / 50);
    }

    public boolean isNone() {
        return factor == 1;
    }

    /** Penalizes, in place, the logits of the tokens set in {@code seen}. */
    public void apply(float[] logits, BitSet seen) {
        if (isNone()) return;
        for (int id = seen.nextSetBit(0); id >= 0 && id < logits.length; id = seen.nextSetBit(id + 1)) {
            float x = logits[id];
            logits[id] = (float) (x > 0 ? x / factor : x * factor);
        }
    }
}

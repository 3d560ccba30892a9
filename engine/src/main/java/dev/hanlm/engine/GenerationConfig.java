package dev.hanlm.engine;

import java.util.List;

/**
 * The token ids and sampling defaults of {@code generation_config.json} (falling back to {@code config.json} for the
 * special ids). Sampling defaults the files do not set are null.
 *
 * @param bosTokenId        the beginning-of-sequence id, or null
 * @param eosTokenIds       the ids that end generation (HF allows one or a list); empty when none is given
 * @param padTokenId        the padding id, or null
 * @param doSample          whether the model's authors sample by default, or null
 * @param temperature       default temperature, or null
 * @param topK              default top-k, or null
 * @param topP              default top-p, or null
 * @param repetitionPenalty default HF multiplicative repetition penalty, or null
 * @param maxNewTokens      default number of new tokens, or null
 */
public record GenerationConfig(Integer bosTokenId, List<Integer> eosTokenIds, Integer padTokenId, Boolean doSample,
                               Double temperature, Integer topK, Double topP, Double repetitionPenalty,
                               Integer maxNewTokens) {
    public GenerationConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
    }
}

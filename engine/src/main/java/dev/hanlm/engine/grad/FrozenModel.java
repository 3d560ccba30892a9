package dev.hanlm.engine.grad;

import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.ModelConfig;
import dev.hanlm.engine.io.HfConfig;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A language model whose weights stay fixed while gradients flow through it to the input embeddings of "virtual"
 * tokens: what p-tuning trains. An input id {@code >= vocabSize()} is virtual token {@code id - vocabSize()}, whose
 * embedding is row {@code id - vocabSize()} of the {@code virtual} table (K rows of {@code dModel()} floats); it
 * takes the place of a token embedding (GPT-2 still adds its position embedding; Llama's positions are rotary), as
 * in the engine's inference with prompt embeddings ({@code LanguageModel.withPromptEmbeddings}).
 */
public interface FrozenModel {
    /** The model in an HF directory, its weights read as f32: {@code gpt2} or {@code llama}. */
    static FrozenModel load(Path dir) {
        ModelConfig config = HfConfig.read(dir);
        return switch (config.architecture()) {
            case GPT2 -> FrozenGpt2.load(dir);
            case LLAMA -> FrozenLlama.load(dir);
        };
    }

    int dModel();

    int vocabSize();

    int contextLength();

    /**
     * Runs B sequences of T ids ({@code inputs}, row-major) and returns the mean cross-entropy of the positions whose
     * target is {@code >= 0} (NaN when there is none). Right-padding with any id and target -1 leaves the other
     * positions unchanged, since attention is causal. With {@code candidates} (distinct token ids, every target among
     * them) the softmax is over those tokens only: a classifier's loss over its single-token verbalizers.
     */
    float forward(int batch, int seqLen, int[] inputs, int[] targets, float[] virtual, int[] candidates);

    /** After {@link #forward}: adds d(loss)/d(virtual) into {@code dVirtual} (same size as {@code virtual}). */
    void backward(float[] dVirtual);

    /** Checks the ids of a call: each in {@code [0, vocabSize() + virtualRows)}, targets among the candidates, and the shapes. */
    static void checkInputs(FrozenModel m, int batch, int seqLen, int[] inputs, int[] targets, float[] virtual, int[] candidates) {
        if (batch <= 0 || seqLen <= 0 || seqLen > m.contextLength()) {
            throw new EngineException("a batch of " + batch + " x " + seqLen + " tokens does not fit a model with a context of "
                    + m.contextLength());
        }
        if (inputs.length != batch * seqLen || targets.length != batch * seqLen) {
            throw new EngineException("inputs and targets must hold batch * seqLen = " + batch * seqLen + " ids, not "
                    + inputs.length + " and " + targets.length);
        }
        if (virtual.length % m.dModel() != 0) {
            throw new EngineException("the virtual-token table has " + virtual.length + " floats, not a multiple of d_model "
                    + m.dModel());
        }
        int limit = m.vocabSize() + virtual.length / m.dModel();
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] < 0 || inputs[i] >= limit) {
                throw new EngineException("input id " + inputs[i] + " at " + i + " is outside [0, " + limit + ")");
            }
            if (targets[i] < -1 || targets[i] >= m.vocabSize()) {
                throw new EngineException("target id " + targets[i] + " at " + i + " is outside [-1, " + m.vocabSize() + ")");
            }
        }
        if (candidates == null) return;
        if (Arrays.stream(candidates).distinct().count() != candidates.length
                || Arrays.stream(candidates).anyMatch(c -> c < 0 || c >= m.vocabSize())) {
            throw new EngineException("the candidates " + Arrays.toString(candidates) + " must be distinct token ids below " + m.vocabSize());
        }
        for (int t : targets) {
            if (t >= 0 && Arrays.stream(candidates).noneMatch(c -> c == t)) {
                throw new EngineException("target id " + t + " is not one of the candidates " + Arrays.toString(candidates));
            }
        }
    }
}

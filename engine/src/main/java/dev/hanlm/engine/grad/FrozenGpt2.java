package dev.hanlm.engine.grad;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A frozen GPT-2 for p-tuning: {@link TrainableGpt2}'s forward with the virtual tokens' rows written over the input
 * embeddings (each plus its position embedding), and its backward without weight gradients.
 */
final class FrozenGpt2 implements FrozenModel {
    private final Gpt2Weights weights;
    /** One set of activations per batch shape seen, since a TrainableGpt2 is sized at construction. */
    private final Map<Long, TrainableGpt2> models = new HashMap<>();
    private TrainableGpt2 last;
    private int[] lastInputs;

    FrozenGpt2(Gpt2Weights weights) {
        this.weights = weights;
    }

    static FrozenGpt2 load(Path dir) {
        return new FrozenGpt2(Gpt2Weights.load(dir));
    }

    @Override
    public int dModel() {
        return weights.shape().dModel();
    }

    @Override
    public int vocabSize() {
        return weights.shape().vocabSize();
    }

    @Override
    public int contextLength() {
        return weights.shape().contextLength();
    }

    @Override
    public float forward(int batch, int seqLen, int[] inputs, int[] targets, float[] virtual, int[] candidates) {
        FrozenModel.checkInputs(this, batch, seqLen, inputs, targets, virtual, candidates);
        TrainableGpt2 model = models.computeIfAbsent(((long) batch << 32) | seqLen,
                k -> new TrainableGpt2(weights.shape(), batch, seqLen));
        int vocab = vocabSize(), dim = dModel();
        int[] tokens = inputs.clone();
        for (int i = 0; i < tokens.length; i++) if (tokens[i] >= vocab) tokens[i] = 0; // any real id; overwritten below
        float[] p = weights.values();
        float loss = model.forward(weights, tokens, targets, Dropout.NONE, encoded -> {
            for (int r = 0; r < inputs.length; r++) {
                if (inputs[r] < vocab) continue;
                System.arraycopy(virtual, (inputs[r] - vocab) * dim, encoded, r * dim, dim);
                for (int i = 0; i < dim; i++) encoded[r * dim + i] += p[weights.wpe + (r % seqLen) * dim + i];
            }
        }, candidates);
        last = model;
        lastInputs = inputs.clone();
        return loss;
    }

    @Override
    public void backward(float[] dVirtual) {
        if (last == null) throw new IllegalStateException("backward needs a forward first");
        last.backward(weights, null);
        float[] d = last.embeddingsGradient();
        int vocab = vocabSize(), dim = dModel();
        for (int r = 0; r < lastInputs.length; r++) {
            if (lastInputs[r] < vocab) continue;
            int row = (lastInputs[r] - vocab) * dim;
            for (int i = 0; i < dim; i++) dVirtual[row + i] += d[r * dim + i];
        }
    }
}

package dev.hanlm.engine.grad;

import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.ModelConfig;
import dev.hanlm.engine.kernels.Ops;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A frozen Llama for p-tuning: {@code model.Llama}'s forward over B sequences of T tokens (each from position 0),
 * virtual tokens' rows taking the place of token embeddings, and a backward that computes only d(loss)/d(input
 * embeddings). As in llm.c every layer keeps what its backward needs; with no weight gradients to make, that is the
 * inputs of the norms, the rotated queries and keys, the values, the attention probabilities and the SwiGLU inputs,
 * not the inputs of the matmuls.
 */
final class FrozenLlama implements FrozenModel {
    private final LlamaWeights weights;
    private final ModelConfig config;
    /** One set of activations per batch shape seen. */
    private final Map<Long, Activations> shapes = new HashMap<>();
    private Activations last;
    private int[] lastInputs;
    private int lastVirtualLength;

    FrozenLlama(LlamaWeights weights) {
        this.weights = weights;
        this.config = weights.config();
    }

    static FrozenLlama load(Path dir) {
        return new FrozenLlama(LlamaWeights.load(dir));
    }

    @Override
    public int dModel() {
        return config.hiddenSize();
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public int contextLength() {
        return config.contextLength();
    }

    @Override
    public float forward(int batch, int seqLen, int[] inputs, int[] targets, float[] virtual, int[] candidates) {
        FrozenModel.checkInputs(this, batch, seqLen, inputs, targets, virtual, candidates);
        Activations a = shapes.computeIfAbsent(((long) batch << 32) | seqLen, k -> new Activations(batch, seqLen));
        int vocab = vocabSize(), dim = dModel();
        float[] x = a.residual[0];
        for (int r = 0; r < inputs.length; r++) {
            if (inputs[r] < vocab) System.arraycopy(weights.embed(), inputs[r] * dim, x, r * dim, dim);
            else System.arraycopy(virtual, (inputs[r] - vocab) * dim, x, r * dim, dim);
        }
        float loss = a.forward(targets, candidates);
        last = a;
        lastInputs = inputs.clone();
        lastVirtualLength = virtual.length;
        return loss;
    }

    @Override
    public void backward(float[] dVirtual) {
        if (last == null) throw new IllegalStateException("backward needs a forward first");
        if (dVirtual.length != lastVirtualLength) {
            throw new EngineException("dVirtual has " + dVirtual.length + " floats, but the forward's virtual-token table had "
                    + lastVirtualLength);
        }
        float[] d = last.backward();
        int vocab = vocabSize(), dim = dModel();
        for (int r = 0; r < lastInputs.length; r++) {
            if (lastInputs[r] < vocab) continue;
            int row = (lastInputs[r] - vocab) * dim;
            for (int i = 0; i < dim; i++) dVirtual[row + i] += d[r * dim + i];
        }
    }

    /**
     * The activations of B sequences of T tokens and the forward and backward over them. Arrays are [rows][width]
     * unless noted; those indexed by layer are kept for backward, the others are reused layer after layer.
     */
    private final class Activations {
        private final int batch, seqLen, rows, layers;
        private final RotaryEmbedding rope;
        /** residual[l]: the input of layer l; residual[0] the embeddings, residual[layers] the final norm's input. */
        private final float[][] residual;
        /** middle[l]: layer l's residual stream between attention and MLP. */
        private final float[][] attnRstd, q, k, v, att, middle, mlpRstd, gate, up;
        private final float[] finalRstd, normed, attY, branch, hidden;
        private final LossHead head;
        // backward buffers, made on the first backward
        private float[] dResidual, dNormed, dAttY, dq, dk, dv, dGate, dUp, dHidden;

        Activations(int batch, int seqLen) {
            this.batch = batch;
            this.seqLen = seqLen;
            this.rows = batch * seqLen;
            this.layers = config.layers();
            int C = size(rows, config.hiddenSize()), Q = size(rows, config.queryDim()), KV = size(rows, config.kvDim());
            int I = size(rows, config.intermediateSize()), probabilities = size(size(batch, config.heads()), size(seqLen, seqLen));
            rope = new RotaryEmbedding(config, batch, seqLen);
            residual = new float[layers + 1][C];
            attnRstd = new float[layers][rows];
            q = new float[layers][Q];
            k = new float[layers][KV];
            v = new float[layers][KV];
            att = new float[layers][probabilities];
            middle = new float[layers][C];
            mlpRstd = new float[layers][rows];
            gate = new float[layers][I];
            up = new float[layers][I];
            finalRstd = new float[rows];
            normed = new float[C];
            attY = new float[Q];
            branch = new float[C];
            hidden = new float[I];
            size(rows, config.vocabSize());
            head = new LossHead(rows, config.hiddenSize(), config.vocabSize());
        }

        /** Runs the layers on residual[0] and returns the mean cross-entropy over targets >= 0 (NaN if none). */
        float forward(int[] targets, int[] candidates) {
            int C = config.hiddenSize(), Q = config.queryDim(), KV = config.kvDim(), I = config.intermediateSize();
            int heads = config.heads(), kvHeads = config.kvHeads();
            float eps = config.normEps();
            for (int l = 0; l < layers; l++) {
                LlamaWeights.Layer w = weights.layers()[l];
                RmsNorm.forward(normed, attnRstd[l], residual[l], w.attnNorm(), rows, C, eps);
                FrozenLinear.forward(q[l], normed, w.wq(), rows, C, Q);
                FrozenLinear.forward(k[l], normed, w.wk(), rows, C, KV);
                FrozenLinear.forward(v[l], normed, w.wv(), rows, C, KV);
                rope.forward(q[l], Q, heads);
                rope.forward(k[l], KV, kvHeads);
                GroupedQueryAttention.forward(attY, att[l], q[l], k[l], v[l], batch, seqLen, heads, kvHeads, config.headDim());
                FrozenLinear.forward(branch, attY, w.wo(), rows, Q, C);
                sum(middle[l], residual[l], branch);
                RmsNorm.forward(normed, mlpRstd[l], middle[l], w.mlpNorm(), rows, C, eps);
                FrozenLinear.forward(gate[l], normed, w.gate(), rows, C, I);
                FrozenLinear.forward(up[l], normed, w.up(), rows, C, I);
                SwiGlu.forward(hidden, gate[l], up[l], rows, I);
                FrozenLinear.forward(branch, hidden, w.down(), rows, I, C);
                sum(residual[l + 1], middle[l], branch);
            }
            RmsNorm.forward(normed, finalRstd, residual[layers], weights.norm(), rows, C, eps);
            return head.forward(normed, weights.head(), 0, targets, candidates);
        }

        /** After forward: d(loss)/d(residual[0]), [rows][C], overwritten by the next backward. */
        float[] backward() {
            int C = config.hiddenSize(), Q = config.queryDim(), KV = config.kvDim(), I = config.intermediateSize();
            int heads = config.heads(), kvHeads = config.kvHeads();
            if (dResidual == null) {
                dResidual = new float[residual[0].length];
                dNormed = new float[normed.length];
                dAttY = new float[attY.length];
                dq = new float[attY.length];
                dk = new float[k[0].length];
                dv = new float[k[0].length];
                dGate = new float[hidden.length];
                dUp = new float[hidden.length];
                dHidden = new float[hidden.length];
            }
            head.backward(dNormed, null, weights.head(), 0);
            Arrays.fill(dResidual, 0f);
            RmsNorm.backward(dResidual, dNormed, residual[layers], finalRstd, weights.norm(), rows, C);
            for (int l = layers - 1; l >= 0; l--) {
                LlamaWeights.Layer w = weights.layers()[l];
                // dResidual holds d(residual[l + 1]): it flows to middle[l] unchanged and into the MLP
                FrozenLinear.backward(dHidden, dResidual, w.down(), rows, I, C, false);
                SwiGlu.backward(dGate, dUp, dHidden, gate[l], up[l], hidden.length);
                FrozenLinear.backward(dNormed, dGate, w.gate(), rows, C, I, false);
                FrozenLinear.backward(dNormed, dUp, w.up(), rows, C, I, true);
                RmsNorm.backward(dResidual, dNormed, middle[l], mlpRstd[l], w.mlpNorm(), rows, C);
                // now d(middle[l]): likewise into attention
                FrozenLinear.backward(dAttY, dResidual, w.wo(), rows, Q, C, false);
                GroupedQueryAttention.backward(dq, dk, dv, dAttY, q[l], k[l], v[l], att[l], batch, seqLen, heads, kvHeads,
                        config.headDim());
                rope.backward(dq, Q, heads);
                rope.backward(dk, KV, kvHeads);
                FrozenLinear.backward(dNormed, dq, w.wq(), rows, C, Q, false);
                FrozenLinear.backward(dNormed, dk, w.wk(), rows, C, KV, true);
                FrozenLinear.backward(dNormed, dv, w.wv(), rows, C, KV, true);
                RmsNorm.backward(dResidual, dNormed, residual[l], attnRstd[l], w.attnNorm(), rows, C);
            }
            return dResidual;
        }

        private static void sum(float[] out, float[] a, float[] b) {
            System.arraycopy(a, 0, out, 0, out.length);
            Ops.add(out, b, out.length);
        }

        private static int size(int a, int b) {
            try {
                return Math.multiplyExact(a, b);
            } catch (ArithmeticException e) {
                throw new EngineException("activations of " + a + " x " + b + " floats do not fit in an array: use a smaller batch");
            }
        }
    }
}

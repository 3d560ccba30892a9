package dev.hanlm.engine.model;

import dev.hanlm.engine.ModelConfig;
import dev.hanlm.engine.RopeScaling;
import dev.hanlm.engine.kernels.Attention;
import dev.hanlm.engine.kernels.MatMul;
import dev.hanlm.engine.kernels.Matrix;
import dev.hanlm.engine.kernels.Ops;
import dev.hanlm.engine.kernels.Rope;
import dev.hanlm.engine.kernels.Tensor;
import java.util.function.IntConsumer;

/**
 * Llama: RMSNorm, rotary positions (with optional linear or llama3 scaling), grouped-query attention and a SwiGLU
 * MLP, a final RMSNorm, and an LM head that is untied unless the config ties it. Weights keep HF's names and
 * [out][in] layout.
 */
public final class Llama implements Transformer {
    record Layer(float[] attnNorm, Matrix wq, Matrix wk, Matrix wv, Matrix wo,
                 float[] mlpNorm, Matrix gate, Matrix up, Matrix down) {}

    private final ModelConfig config;
    private final Tensor tokenEmbedding;
    private final Layer[] layers;
    private final float[] norm;
    private final Matrix lmHead;
    private final float[] invFreq;

    private Llama(ModelConfig config, Tensor tokenEmbedding, Layer[] layers, float[] norm, Matrix lmHead) {
        this.config = config;
        this.tokenEmbedding = tokenEmbedding;
        this.layers = layers;
        this.norm = norm;
        this.lmHead = lmHead;
        this.invFreq = inverseFrequencies(config);
    }

    /** RoPE's inverse frequencies for the config's head width, theta and scaling (training shares them). */
    public static float[] inverseFrequencies(ModelConfig c) {
        float[] inv = Rope.inverseFrequencies(c.headDim(), c.ropeTheta());
        RopeScaling s = c.ropeScaling();
        if (s == null) return inv;
        return switch (s.kind()) {
            case LINEAR -> Rope.scaleLinear(inv, s.factor());
            case LLAMA3 -> Rope.scaleLlama3(inv, s.factor(), s.lowFreqFactor(), s.highFreqFactor(), s.originalContextLength());
        };
    }

    /** Takes the weights, named as HF's LlamaForCausalLM, out of {@code w}. */
    public static Llama load(ModelConfig c, WeightLoader w) {
        int C = c.hiddenSize(), Q = c.queryDim(), KV = c.kvDim(), H = c.intermediateSize(), V = c.vocabSize();
        Tensor embed = w.tensor("model.embed_tokens.weight", V, C);
        Layer[] layers = new Layer[c.layers()];
        for (int i = 0; i < layers.length; i++) {
            String l = "model.layers." + i + ".";
            layers[i] = new Layer(w.vector(l + "input_layernorm.weight", C),
                    w.linear(l + "self_attn.q_proj.weight", Q, C), w.linear(l + "self_attn.k_proj.weight", KV, C),
                    w.linear(l + "self_attn.v_proj.weight", KV, C), w.linear(l + "self_attn.o_proj.weight", C, Q),
                    w.vector(l + "post_attention_layernorm.weight", C),
                    w.linear(l + "mlp.gate_proj.weight", H, C), w.linear(l + "mlp.up_proj.weight", H, C),
                    w.linear(l + "mlp.down_proj.weight", C, H));
        }
        Matrix head = w.head(c.tiedEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight", V, C);
        return new Llama(c, embed, layers, w.vector("model.norm.weight", C), head);
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public long bytesPerToken() {
        long bytes = lmHead.values().byteSize();
        for (Layer l : layers) {
            for (Matrix m : new Matrix[] {l.wq(), l.wk(), l.wv(), l.wo(), l.gate(), l.up(), l.down()}) {
                bytes += m.values().byteSize();
            }
        }
        return bytes;
    }

    @Override
    public void forward(State s, int[] tokens, int pos, float[] logits, boolean allPositions) {
        int n = tokens.length, hd = config.headDim(), Q = config.queryDim(), KV = config.kvDim();
        s.reserve(pos, n);
        s.embed(tokenEmbedding, tokens);
        Rope.angles(invFreq, pos, n, s.cos, s.sin);
        blocks(s, n, MatMul.Linear.TOKENS, layer -> {
            s.cache.store(layer, pos, n, s.k, 0, s.v, 0, KV);
            Attention.forward(s.xb, s.q, Q, s.cache.keys(layer), s.cache.keyStride(), s.cache.values(layer), pos, n,
                    config.heads(), config.kvHeads(), hd, (float) (1 / Math.sqrt(hd)));
        });
        if (logits != null) logitsForward(s, n, logits, allPositions ? MatMul.Linear.TOKENS : null);
    }

    @Override
    public void decode(State batch, State[] sequences, int[] positions, int[] tokens, float[] logits) {
        DecodeRows rows = new DecodeRows(sequences, positions);
        int n = tokens.length, KV = config.kvDim();
        rows.reserve();
        batch.reserveRows(n);
        batch.embedEach(tokenEmbedding, tokens, sequences);
        Rope.angles(invFreq, positions, batch.cos, batch.sin);
        blocks(batch, n, MatMul.Linear.ROWS, layer -> {
            rows.store(layer, batch.k, 0, batch.v, 0, KV);
            rows.attend(layer, batch.xb, batch.q, config.queryDim(), config);
        });
        logitsForward(batch, n, logits, MatMul.Linear.ROWS);
    }

    /**
     * The blocks over the n rows of {@code s.x}, with the rotary angles of the rows in {@code s.cos} / {@code s.sin};
     * {@code attend} appends the new keys and values to the cache and puts the attention output in {@code s.xb}.
     */
    private void blocks(State s, int n, MatMul.Linear linear, IntConsumer attend) {
        int C = config.hiddenSize(), hd = config.headDim(), Q = config.queryDim(), KV = config.kvDim();
        for (int l = 0; l < layers.length; l++) {
            Layer w = layers[l];
            Ops.rmsNorm(s.xb, s.x, n, C, w.attnNorm(), config.normEps());
            linear.applyAll(s.xb, n, new float[][] {s.q, s.k, s.v}, w.wq(), w.wk(), w.wv());
            Rope.apply(s.q, n, Q, config.heads(), hd, s.cos, s.sin);
            Rope.apply(s.k, n, KV, config.kvHeads(), hd, s.cos, s.sin);
            attend.accept(l);
            linear.apply(s.xb2, s.xb, n, w.wo(), null);
            Ops.add(s.x, s.xb2, n * C);
            Ops.rmsNorm(s.xb, s.x, n, C, w.mlpNorm(), config.normEps());
            mlpForward(s, w, n, linear);
            Ops.add(s.x, s.xb2, n * C);
        }
    }

    /** xb2 = down_proj(silu(gate_proj(xb)) * up_proj(xb)). */
    private void mlpForward(State s, Layer w, int n, MatMul.Linear linear) {
        linear.applyAll(s.xb, n, new float[][] {s.hb, s.hb2}, w.gate(), w.up());
        Ops.swiglu(s.hb, s.hb2, n, config.intermediateSize());
        linear.apply(s.xb2, s.hb, n, w.down(), null);
    }

    /** logits = the head over the last row or, given {@code linear}, over every row. */
    private void logitsForward(State s, int n, float[] logits, MatMul.Linear linear) {
        int C = config.hiddenSize();
        if (linear != null) {
            Ops.rmsNorm(s.xb, s.x, n, C, norm, config.normEps());
            linear.apply(logits, s.xb, n, lmHead, null);
        } else {
            System.arraycopy(s.x, (n - 1) * C, s.xb2, 0, C);
            Ops.rmsNorm(s.xb, s.xb2, 1, C, norm, config.normEps());
            MatMul.matvec(logits, s.xb, lmHead, null);
        }
    }
}

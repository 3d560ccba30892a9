package dev.hanlm.engine.model;

import dev.hanlm.engine.ModelConfig;
import dev.hanlm.engine.kernels.Attention;
import dev.hanlm.engine.kernels.MatMul;
import dev.hanlm.engine.kernels.Matrix;
import dev.hanlm.engine.kernels.Ops;
import dev.hanlm.engine.kernels.Tensor;
import java.util.function.IntConsumer;

/**
 * GPT-2 (and the GPT-3 / HyperCLOVA shape): learned position embeddings, pre-LayerNorm blocks of multi-head
 * attention and a tanh-GELU MLP, a final LayerNorm, and the LM head tied to the token embedding unless the config
 * unties it. Weights keep HF's names and Conv1D layout ([in][out]) as stored.
 */
public final class Gpt2 implements Transformer {
    record Layer(float[] ln1Weight, float[] ln1Bias, Matrix qkv, float[] qkvBias, Matrix attnProj, float[] attnProjBias,
                 float[] ln2Weight, float[] ln2Bias, Matrix fc, float[] fcBias, Matrix fcProj, float[] fcProjBias) {}

    private final ModelConfig config;
    private final Tensor tokenEmbedding;
    private final Tensor positionEmbedding;
    private final Layer[] layers;
    private final float[] lnfWeight;
    private final float[] lnfBias;
    private final Matrix lmHead;

    private Gpt2(ModelConfig config, Tensor tokenEmbedding, Tensor positionEmbedding, Layer[] layers, float[] lnfWeight,
                 float[] lnfBias, Matrix lmHead) {
        this.config = config;
        this.tokenEmbedding = tokenEmbedding;
        this.positionEmbedding = positionEmbedding;
        this.layers = layers;
        this.lnfWeight = lnfWeight;
        this.lnfBias = lnfBias;
        this.lmHead = lmHead;
    }

    /** Takes the weights, named as HF's GPT2Model (optionally under {@code transformer.}), out of {@code w}. */
    public static Gpt2 load(ModelConfig c, WeightLoader w) {
        String p = w.prefix("wte.weight", "", "transformer.");
        int C = c.hiddenSize(), H = c.intermediateSize(), V = c.vocabSize();
        Tensor wte = w.tensor(p + "wte.weight", V, C);
        Tensor wpe = w.tensor(p + "wpe.weight", c.contextLength(), C);
        Layer[] layers = new Layer[c.layers()];
        for (int i = 0; i < layers.length; i++) {
            String l = p + "h." + i + ".";
            layers[i] = new Layer(
                    w.vector(l + "ln_1.weight", C), w.vector(l + "ln_1.bias", C),
                    w.conv1d(l + "attn.c_attn.weight", 3 * C, C), w.vector(l + "attn.c_attn.bias", 3 * C),
                    w.conv1d(l + "attn.c_proj.weight", C, C), w.vector(l + "attn.c_proj.bias", C),
                    w.vector(l + "ln_2.weight", C), w.vector(l + "ln_2.bias", C),
                    w.conv1d(l + "mlp.c_fc.weight", H, C), w.vector(l + "mlp.c_fc.bias", H),
                    w.conv1d(l + "mlp.c_proj.weight", C, H), w.vector(l + "mlp.c_proj.bias", C));
        }
        Matrix head = w.head(c.tiedEmbeddings() ? p + "wte.weight" : "lm_head.weight", V, C);
        return new Gpt2(c, wte, wpe, layers, w.vector(p + "ln_f.weight", C), w.vector(p + "ln_f.bias", C), head);
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public long bytesPerToken() {
        long bytes = lmHead.values().byteSize();
        for (Layer l : layers) {
            bytes += l.qkv().values().byteSize() + l.attnProj().values().byteSize()
                    + l.fc().values().byteSize() + l.fcProj().values().byteSize();
        }
        return bytes;
    }

    @Override
    public void forward(State s, int[] tokens, int pos, float[] logits, boolean allPositions) {
        int n = tokens.length, C = config.hiddenSize(), hd = config.headDim();
        s.reserve(pos, n);
        s.embed(tokenEmbedding, tokens);
        Ops.addRows(s.x, positionEmbedding, C, pos, n);
        blocks(s, n, MatMul.Linear.TOKENS, layer -> {
            s.cache.store(layer, pos, n, s.q, C, s.q, 2 * C, 3 * C);
            Attention.forward(s.xb, s.q, 3 * C, s.cache.keys(layer), s.cache.keyStride(), s.cache.values(layer), pos, n,
                    config.heads(), config.heads(), hd, (float) (1 / Math.sqrt(hd)));
        });
        if (logits != null) logitsForward(s, n, logits, allPositions ? MatMul.Linear.TOKENS : null);
    }

    @Override
    public void decode(State batch, State[] sequences, int[] positions, int[] tokens, float[] logits) {
        DecodeRows rows = new DecodeRows(sequences, positions);
        int n = tokens.length, C = config.hiddenSize();
        rows.reserve();
        batch.reserveRows(n);
        batch.embedEach(tokenEmbedding, tokens, sequences);
        Ops.embedding(batch.xb2, positionEmbedding, C, positions, config.contextLength(), null);
        Ops.add(batch.x, batch.xb2, n * C);
        blocks(batch, n, MatMul.Linear.ROWS, layer -> {
            rows.store(layer, batch.q, C, batch.q, 2 * C, 3 * C);
            rows.attend(layer, batch.xb, batch.q, 3 * C, config);
        });
        logitsForward(batch, n, logits, MatMul.Linear.ROWS);
    }

    /**
     * The blocks over the n rows of {@code s.x}; {@code attend} appends the new keys and values (in the fused
     * {@code s.q}) to the cache and puts the attention output in {@code s.xb}.
     */
    private void blocks(State s, int n, MatMul.Linear linear, IntConsumer attend) {
        int C = config.hiddenSize();
        for (int l = 0; l < layers.length; l++) {
            Layer w = layers[l];
            Ops.layerNorm(s.xb, s.x, n, C, w.ln1Weight(), w.ln1Bias(), config.normEps());
            linear.apply(s.q, s.xb, n, w.qkv(), w.qkvBias());
            attend.accept(l);
            linear.apply(s.xb2, s.xb, n, w.attnProj(), w.attnProjBias());
            Ops.add(s.x, s.xb2, n * C);
            Ops.layerNorm(s.xb, s.x, n, C, w.ln2Weight(), w.ln2Bias(), config.normEps());
            mlpForward(s, w, n, linear);
            Ops.add(s.x, s.xb2, n * C);
        }
    }

    /** xb2 = c_proj(gelu(c_fc(xb))). */
    private void mlpForward(State s, Layer w, int n, MatMul.Linear linear) {
        linear.apply(s.hb, s.xb, n, w.fc(), w.fcBias());
        Ops.geluTanh(s.hb, n, config.intermediateSize());
        linear.apply(s.xb2, s.hb, n, w.fcProj(), w.fcProjBias());
    }

    /** logits = the head over the last row or, given {@code linear}, over every row. */
    private void logitsForward(State s, int n, float[] logits, MatMul.Linear linear) {
        int C = config.hiddenSize();
        if (linear != null) {
            Ops.layerNorm(s.xb, s.x, n, C, lnfWeight, lnfBias, config.normEps());
            linear.apply(logits, s.xb, n, lmHead, null);
        } else {
            System.arraycopy(s.x, (n - 1) * C, s.xb2, 0, C);
            Ops.layerNorm(s.xb, s.xb2, 1, C, lnfWeight, lnfBias, config.normEps());
            MatMul.matvec(logits, s.xb, lmHead, null);
        }
    }
}

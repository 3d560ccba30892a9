package dev.hanlm.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise and row-wise layers of a decoder, on the Vector API, over {@code n} rows (tokens) of
 * {@code dim} floats stored one after another. Rows are spread over the {@link Parallel} pool. {@link Reference}
 * holds the scalar version of each, which the tests compare against.
 */
public final class Ops {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final float GELU_SCALE = (float) Math.sqrt(2.0 / Math.PI);

    private Ops() {}

    /**
     * out[t] = table row ids[t] (a token embedding lookup, decoding the table's dtype); an id of {@code vocab} or
     * more is a virtual token (p-tuning's prompt), whose row is {@code virtual} row {@code ids[t] - vocab}.
     */
    public static void embedding(float[] out, Tensor table, int dim, int[] ids, int vocab, float[] virtual) {
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] < vocab) table.toFloats((long) ids[t] * dim, out, t * dim, dim);
            else System.arraycopy(virtual, (ids[t] - vocab) * dim, out, t * dim, dim);
        }
    }

    /** out[t] += table row (firstRow + t) for t < n (GPT-2's learned positions). */
    public static void addRows(float[] out, Tensor table, int dim, int firstRow, int n) {
        float[] row = new float[dim];
        for (int t = 0; t < n; t++) {
            table.toFloats((long) (firstRow + t) * dim, row, 0, dim);
            Vectors.add(row, 0, out, t * dim, dim);
        }
    }

    /** x += y over the first {@code length} elements (a residual connection). */
    public static void add(float[] x, float[] y, int length) {
        Vectors.add(y, 0, x, 0, length);
    }

    /** out[t] = (x[t] - mean) / sqrt(var + eps) * weight + bias, per row (torch's LayerNorm, biased variance). */
    public static void layerNorm(float[] out, float[] x, int n, int dim, float[] weight, float[] bias, float eps) {
        layerNorm(out, x, n, dim, weight, 0, bias, 0, eps, null, null);
    }

    /**
     * LayerNorm with its weight and bias at offsets of larger arrays, keeping each row's mean and 1 / std in
     * {@code mean} and {@code rstd} (for the backward pass) unless they are null.
     */
    public static void layerNorm(float[] out, float[] x, int n, int dim, float[] weight, int weightOffset, float[] bias,
                                 int biasOffset, float eps, float[] mean, float[] rstd) {
        Parallel.forRange(n, (from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t * dim;
                float mu = Vectors.sum(x, o, dim) / dim;
                FloatVector vm = FloatVector.broadcast(F, mu), acc = FloatVector.zero(F);
                int i = 0;
                for (int bound = dim - L; i <= bound; i += L) {
                    FloatVector d = FloatVector.fromArray(F, x, o + i).sub(vm);
                    acc = d.fma(d, acc);
                }
                float var = Vectors.sum(acc);
                for (; i < dim; i++) var += (x[o + i] - mu) * (x[o + i] - mu);
                float r = (float) (1.0 / Math.sqrt(var / dim + eps));
                i = 0;
                for (int bound = dim - L; i <= bound; i += L) {
                    FloatVector norm = FloatVector.fromArray(F, x, o + i).sub(vm).mul(r);
                    norm.fma(FloatVector.fromArray(F, weight, weightOffset + i), FloatVector.fromArray(F, bias, biasOffset + i))
                            .intoArray(out, o + i);
                }
                for (; i < dim; i++) out[o + i] = (x[o + i] - mu) * r * weight[weightOffset + i] + bias[biasOffset + i];
                if (mean != null) {
                    mean[t] = mu;
                    rstd[t] = r;
                }
            }
        });
    }

    /** out[t] = x[t] / sqrt(mean(x[t]^2) + eps) * weight, per row (Llama's RMSNorm). */
    public static void rmsNorm(float[] out, float[] x, int n, int dim, float[] weight, float eps) {
        Parallel.forRange(n, (from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t * dim;
                float ss = Vectors.dot(x, o, x, o, dim);
                float r = (float) (1.0 / Math.sqrt(ss / dim + eps));
                int i = 0;
                for (int bound = dim - L; i <= bound; i += L) {
                    FloatVector.fromArray(F, x, o + i).mul(r).mul(FloatVector.fromArray(F, weight, i)).intoArray(out, o + i);
                }
                for (; i < dim; i++) out[o + i] = x[o + i] * r * weight[i];
            }
        });
    }

    /** Softmax of x[offset .. offset + length), in place. */
    public static void softmax(float[] x, int offset, int length) {
        FloatVector max = FloatVector.broadcast(F, Vectors.max(x, offset, length)), acc = FloatVector.zero(F);
        // the last partial vector is masked rather than finished in scalar code, so every element takes the same path
        for (int i = 0; i < length; i += L) {
            VectorMask<Float> m = F.indexInRange(i, length);
            FloatVector e = Vectors.exp(FloatVector.fromArray(F, x, offset + i, m).sub(max));
            e.intoArray(x, offset + i, m);
            acc = acc.add(e, m);
        }
        Vectors.scale(x, offset, length, 1f / Vectors.sum(acc));
    }

    /** GELU, tanh approximation (HF's gelu_new): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), in place. */
    public static void geluTanh(float[] x, int n, int dim) {
        geluTanh(x, x, n * dim);
    }

    /** out = GELU(x) (tanh approximation) over the first {@code length} elements; out may be x. */
    public static void geluTanh(float[] out, float[] x, int length) {
        Parallel.forRange(Math.ceilDiv(length, L), (from, to) -> {
            int i = from * L, end = Math.min(length, to * L);
            // whole vectors unmasked (a masked store is slow on AVX2), the last partial one masked
            for (; i + L <= end; i += L) geluTanh(FloatVector.fromArray(F, x, i)).intoArray(out, i);
            if (i < end) {
                VectorMask<Float> m = F.indexInRange(i, end);
                geluTanh(FloatVector.fromArray(F, x, i, m)).intoArray(out, i, m);
            }
        });
    }

    private static FloatVector geluTanh(FloatVector v) {
        FloatVector inner = v.mul(v).mul(v).mul(0.044715f).add(v).mul(GELU_SCALE);
        return v.mul(0.5f).mul(Vectors.tanh(inner).add(1f));
    }

    /** gate = silu(gate) * up, with silu(g) = g * sigmoid(g) (Llama's SwiGLU MLP). */
    public static void swiglu(float[] gate, float[] up, int n, int dim) {
        Parallel.forRange(n, (from, to) -> {
            for (int i = from * dim, end = to * dim; i < end; i += L) {
                VectorMask<Float> m = F.indexInRange(i, end);
                FloatVector g = FloatVector.fromArray(F, gate, i, m);
                FloatVector sigmoid = Vectors.exp(g.neg()).add(1f);
                g.div(sigmoid).mul(FloatVector.fromArray(F, up, i, m)).intoArray(gate, i, m);
            }
        });
    }
}

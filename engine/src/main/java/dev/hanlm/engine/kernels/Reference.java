package dev.hanlm.engine.kernels;

/**
 * The scalar reference for every fast kernel: plain loops that read weights one element at a time through
 * {@link Tensor#get} and sum in double, written for clarity. The tests hold {@link Tensor}'s fast paths,
 * {@link MatMul}, {@link Gemm}, {@link Ops} and {@link Attention} to these.
 */
public final class Reference {
    private Reference() {}

    /** sum of t[offset + i] * x[xOffset + i] for i < n. */
    public static float dot(Tensor t, long offset, float[] x, int xOffset, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += (double) t.get(offset + i) * x[xOffset + i];
        return (float) sum;
    }

    /** out[t][j] = bias[j] + sum_k W[j][k] * x[t][k] for t < n (bias may be null), x as W takes it ({@link BlockInputs#of}). */
    public static void matmul(float[] out, float[] input, int n, Matrix w, float[] bias) {
        float[] x = BlockInputs.of(input, n, w);
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < w.rows(); j++) {
                double sum = bias == null ? 0 : bias[j];
                for (int k = 0; k < w.cols(); k++) sum += (double) w.get(j, k) * x[t * w.cols() + k];
                out[t * w.rows() + j] = (float) sum;
            }
        }
    }

    /** The same contract as {@link Gemm#multiply}. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOffset, int lda,
                            float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = accumulate ? c[cOffset + i * ldc + j] : 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a[aOffset + (transA ? p * lda + i : i * lda + p)] * b[bOffset + (transB ? j * ldb + p : p * ldb + j)];
                }
                c[cOffset + i * ldc + j] = (float) sum;
            }
        }
    }

    public static void embedding(float[] out, Tensor table, int dim, int[] ids) {
        for (int t = 0; t < ids.length; t++) {
            for (int i = 0; i < dim; i++) out[t * dim + i] = table.get((long) ids[t] * dim + i);
        }
    }

    public static void layerNorm(float[] out, float[] x, int n, int dim, float[] weight, float[] bias, float eps) {
        for (int t = 0; t < n; t++) {
            double mean = 0, var = 0;
            for (int i = 0; i < dim; i++) mean += x[t * dim + i];
            mean /= dim;
            for (int i = 0; i < dim; i++) var += (x[t * dim + i] - mean) * (x[t * dim + i] - mean);
            double rstd = 1 / Math.sqrt(var / dim + eps);
            for (int i = 0; i < dim; i++) out[t * dim + i] = (float) ((x[t * dim + i] - mean) * rstd * weight[i] + bias[i]);
        }
    }

    public static void rmsNorm(float[] out, float[] x, int n, int dim, float[] weight, float eps) {
        for (int t = 0; t < n; t++) {
            double ss = 0;
            for (int i = 0; i < dim; i++) ss += (double) x[t * dim + i] * x[t * dim + i];
            double r = 1 / Math.sqrt(ss / dim + eps);
            for (int i = 0; i < dim; i++) out[t * dim + i] = (float) (x[t * dim + i] * r * weight[i]);
        }
    }

    public static void softmax(float[] x, int offset, int length) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int i = 0; i < length; i++) max = Math.max(max, x[offset + i]);
        for (int i = 0; i < length; i++) sum += Math.exp(x[offset + i] - max);
        for (int i = 0; i < length; i++) x[offset + i] = (float) (Math.exp(x[offset + i] - max) / sum);
    }

    public static float geluTanh(float x) {
        return (float) (0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))));
    }

    public static float silu(float x) {
        return (float) (x / (1 + Math.exp(-x)));
    }

    public static void geluTanh(float[] x, int n, int dim) {
        for (int i = 0; i < n * dim; i++) x[i] = geluTanh(x[i]);
    }

    public static void swiglu(float[] gate, float[] up, int n, int dim) {
        for (int i = 0; i < n * dim; i++) gate[i] = silu(gate[i]) * up[i];
    }

    /** {@link Attention#forward}'s contract, with the keys stored as the values are: position p's row at {@code p * kvDim}. */
    public static void attention(float[] out, float[] q, int qStride, float[] keys, float[] values, int pos, int n,
                                 int heads, int kvHeads, int headDim, float scale) {
        int group = heads / kvHeads, kvDim = kvHeads * headDim;
        for (int t = 0; t < n; t++) {
            for (int h = 0; h < heads; h++) {
                int len = pos + t + 1, kvo = (h / group) * headDim;
                float[] scores = new float[len];
                for (int p = 0; p < len; p++) {
                    double s = 0;
                    for (int d = 0; d < headDim; d++) s += (double) q[t * qStride + h * headDim + d] * keys[p * kvDim + kvo + d];
                    scores[p] = (float) (scale * s);
                }
                softmax(scores, 0, len);
                for (int d = 0; d < headDim; d++) {
                    double s = 0;
                    for (int p = 0; p < len; p++) s += (double) scores[p] * values[p * kvDim + kvo + d];
                    out[t * heads * headDim + h * headDim + d] = (float) s;
                }
            }
        }
    }
}

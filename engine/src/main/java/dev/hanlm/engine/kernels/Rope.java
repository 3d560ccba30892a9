package dev.hanlm.engine.kernels;

/**
 * Rotary position embedding as Hugging Face's Llama applies it: per head, element {@code i} and element
 * {@code i + headDim/2} are rotated together by the angle {@code position * invFreq[i]} ({@code rotate_half}).
 * The work is O(tokens x width), small beside the matmuls, so there is one scalar path; it uses {@link StrictMath}
 * so that the angles are the same on every JVM and before and after JIT compilation.
 */
public final class Rope {
    private Rope() {}

    /** invFreq[i] = 1 / theta^(2i / headDim), computed in f32 as HF does. */
    public static float[] inverseFrequencies(int headDim, double theta) {
        float[] inv = new float[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            float exponent = (float) (2 * i) / headDim;
            inv[i] = 1f / (float) StrictMath.pow(theta, exponent);
        }
        return inv;
    }

    /** HF's {@code linear} rope scaling: every frequency divided by {@code factor}. */
    public static float[] scaleLinear(float[] invFreq, double factor) {
        float[] out = new float[invFreq.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (invFreq[i] / factor);
        return out;
    }

    /**
     * HF's {@code llama3} rope scaling: wavelengths shorter than {@code originalContext / highFreqFactor} are kept,
     * longer than {@code originalContext / lowFreqFactor} divided by {@code factor}, and the band between blended.
     */
    public static float[] scaleLlama3(float[] invFreq, double factor, double lowFreqFactor, double highFreqFactor,
                                      int originalContext) {
        double lowFreqWavelen = originalContext / lowFreqFactor;
        double highFreqWavelen = originalContext / highFreqFactor;
        float[] out = new float[invFreq.length];
        for (int i = 0; i < out.length; i++) {
            double freq = invFreq[i];
            double wavelen = 2 * Math.PI / freq;
            if (wavelen < highFreqWavelen) {
                out[i] = invFreq[i];
            } else if (wavelen > lowFreqWavelen) {
                out[i] = (float) (freq / factor);
            } else {
                double smooth = (originalContext / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                out[i] = (float) ((1 - smooth) * freq / factor + smooth * freq);
            }
        }
        return out;
    }

    /** cos[t][i] and sin[t][i] of the angle {@code (pos + t) * invFreq[i]} (the angle rounded to f32 as in HF). */
    public static void angles(float[] invFreq, int pos, int n, float[] cos, float[] sin) {
        for (int t = 0; t < n; t++) row(invFreq, pos + t, t, cos, sin);
    }

    /** cos[t][i] and sin[t][i] of the angle {@code positions[t] * invFreq[i]}: rows of several sequences (a batched decode step). */
    public static void angles(float[] invFreq, int[] positions, float[] cos, float[] sin) {
        for (int t = 0; t < positions.length; t++) row(invFreq, positions[t], t, cos, sin);
    }

    private static void row(float[] invFreq, int position, int row, float[] cos, float[] sin) {
        int half = invFreq.length;
        for (int i = 0; i < half; i++) {
            float angle = invFreq[i] * (float) position;
            cos[row * half + i] = (float) StrictMath.cos(angle);
            sin[row * half + i] = (float) StrictMath.sin(angle);
        }
    }

    /** Rotates the {@code heads} heads of each of {@code n} rows of x (row t at {@code t * stride}) in place. */
    public static void apply(float[] x, int n, int stride, int heads, int headDim, float[] cos, float[] sin) {
        int half = headDim / 2;
        for (int t = 0; t < n; t++) {
            for (int h = 0; h < heads; h++) {
                int o = t * stride + h * headDim;
                for (int i = 0; i < half; i++) {
                    float c = cos[t * half + i], s = sin[t * half + i];
                    float a = x[o + i], b = x[o + i + half];
                    x[o + i] = a * c - b * s;
                    x[o + i + half] = b * c + a * s;
                }
            }
        }
    }
}

package dev.hanlm.engine.kernels;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.MAX;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops over float arrays that the kernels (and the training layers of {@code engine.grad}) share, and
 * the lane operations they build on.
 * <p>
 * Results must not depend on whether the JIT has compiled a loop yet: the Vector API's interpreted fallback and its
 * compiled form agree exactly on lane-wise IEEE arithmetic and FMA, but not on {@code reduceLanes(ADD)} (the order
 * is unspecified) nor on {@code EXP}/{@code TANH} (SVML in compiled code). So lanes are summed in a fixed order by
 * {@link #sum(FloatVector)}, and {@link #exp} and {@link #tanh} are computed here from arithmetic alone.
 */
public final class Vectors {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private Vectors() {}

    public static float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0;
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            s0 = FloatVector.fromArray(F, a, aOffset + i).fma(FloatVector.fromArray(F, b, bOffset + i), s0);
            s1 = FloatVector.fromArray(F, a, aOffset + i + L).fma(FloatVector.fromArray(F, b, bOffset + i + L), s1);
        }
        for (int bound = n - L; i <= bound; i += L) {
            s0 = FloatVector.fromArray(F, a, aOffset + i).fma(FloatVector.fromArray(F, b, bOffset + i), s0);
        }
        float sum = sum(s0.add(s1));
        for (; i < n; i++) sum += a[aOffset + i] * b[bOffset + i];
        return sum;
    }

    /**
     * The dot product of {@code w[0 .. n)} with {@code x[xOffset ...]} summed as the F32 and BF16 tensors' own
     * {@code dot} sums (four accumulators over 4L-wide steps, then L-wide steps into the first, then the tail), so
     * that decoded weights give the same float as the tensor's dot bit for bit.
     */
    static float dot4(float[] w, float[] x, int xOffset, int n) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            s0 = FloatVector.fromArray(F, w, i).fma(FloatVector.fromArray(F, x, xOffset + i), s0);
            s1 = FloatVector.fromArray(F, w, i + L).fma(FloatVector.fromArray(F, x, xOffset + i + L), s1);
            s2 = FloatVector.fromArray(F, w, i + 2 * L).fma(FloatVector.fromArray(F, x, xOffset + i + 2 * L), s2);
            s3 = FloatVector.fromArray(F, w, i + 3 * L).fma(FloatVector.fromArray(F, x, xOffset + i + 3 * L), s3);
        }
        for (int bound = n - L; i <= bound; i += L) s0 = FloatVector.fromArray(F, w, i).fma(FloatVector.fromArray(F, x, xOffset + i), s0);
        float sum = sum(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) sum += w[i] * x[xOffset + i];
        return sum;
    }

    /**
     * {@link #dot4} of {@code w[0 .. n)} with each of {@code count} inputs (input t at {@code x[t * n ...]}) into
     * {@code out[outOffset + t * outStride]}, bit for bit; two inputs at a time share the loads of w and keep eight
     * accumulators in flight, where one input alone keeps four (the FMA latency, not throughput, bounds it).
     */
    static void dots4(float[] w, float[] x, int count, int n, float[] out, int outOffset, int outStride) {
        int t = 0;
        for (; t + 2 <= count; t += 2) {
            int xa = t * n, xb = xa + n;
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            int i = 0;
            for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
                FloatVector w0 = FloatVector.fromArray(F, w, i), w1 = FloatVector.fromArray(F, w, i + L);
                FloatVector w2 = FloatVector.fromArray(F, w, i + 2 * L), w3 = FloatVector.fromArray(F, w, i + 3 * L);
                a0 = w0.fma(FloatVector.fromArray(F, x, xa + i), a0);
                b0 = w0.fma(FloatVector.fromArray(F, x, xb + i), b0);
                a1 = w1.fma(FloatVector.fromArray(F, x, xa + i + L), a1);
                b1 = w1.fma(FloatVector.fromArray(F, x, xb + i + L), b1);
                a2 = w2.fma(FloatVector.fromArray(F, x, xa + i + 2 * L), a2);
                b2 = w2.fma(FloatVector.fromArray(F, x, xb + i + 2 * L), b2);
                a3 = w3.fma(FloatVector.fromArray(F, x, xa + i + 3 * L), a3);
                b3 = w3.fma(FloatVector.fromArray(F, x, xb + i + 3 * L), b3);
            }
            for (int bound = n - L; i <= bound; i += L) {
                FloatVector w0 = FloatVector.fromArray(F, w, i);
                a0 = w0.fma(FloatVector.fromArray(F, x, xa + i), a0);
                b0 = w0.fma(FloatVector.fromArray(F, x, xb + i), b0);
            }
            float sa = sum(a0.add(a1).add(a2.add(a3))), sb = sum(b0.add(b1).add(b2.add(b3)));
            for (; i < n; i++) {
                sa += w[i] * x[xa + i];
                sb += w[i] * x[xb + i];
            }
            out[outOffset + t * outStride] = sa;
            out[outOffset + (t + 1) * outStride] = sb;
        }
        if (t < count) out[outOffset + t * outStride] = dot4(w, x, t * n, n);
    }

    /**
     * {@code out[o .. o + n) = sum over p < count of weights[p] * x[p * stride + xOffset ..]}: fused multiply-adds
     * from zero, p after p, with four vectors of the sum kept in registers across all of p (attention's weighted sum
     * of cached values).
     */
    static void weightedSum(float[] weights, int count, float[] x, int xOffset, int stride, float[] out, int o, int n) {
        int i = 0;
        for (; i + 4 * L <= n; i += 4 * L) {
            FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0, at = xOffset + i; p < count; p++, at += stride) {
                FloatVector w = FloatVector.broadcast(F, weights[p]);
                s0 = w.fma(FloatVector.fromArray(F, x, at), s0);
                s1 = w.fma(FloatVector.fromArray(F, x, at + L), s1);
                s2 = w.fma(FloatVector.fromArray(F, x, at + 2 * L), s2);
                s3 = w.fma(FloatVector.fromArray(F, x, at + 3 * L), s3);
            }
            s0.intoArray(out, o + i);
            s1.intoArray(out, o + i + L);
            s2.intoArray(out, o + i + 2 * L);
            s3.intoArray(out, o + i + 3 * L);
        }
        for (; i + L <= n; i += L) {
            FloatVector s = FloatVector.zero(F);
            for (int p = 0, at = xOffset + i; p < count; p++, at += stride) {
                s = FloatVector.broadcast(F, weights[p]).fma(FloatVector.fromArray(F, x, at), s);
            }
            s.intoArray(out, o + i);
        }
        for (; i < n; i++) {
            float s = 0f;
            for (int p = 0; p < count; p++) s = Math.fma(weights[p], x[p * stride + xOffset + i], s);
            out[o + i] = s;
        }
    }

    /** y += x. */
    public static void add(float[] x, int xOffset, float[] y, int yOffset, int n) {
        int i = 0;
        for (int bound = n - L; i <= bound; i += L) {
            FloatVector.fromArray(F, y, yOffset + i).add(FloatVector.fromArray(F, x, xOffset + i)).intoArray(y, yOffset + i);
        }
        for (; i < n; i++) y[yOffset + i] += x[xOffset + i];
    }

    public static float sum(float[] x, int offset, int n) {
        FloatVector s = FloatVector.zero(F);
        int i = 0;
        for (int bound = n - L; i <= bound; i += L) s = s.add(FloatVector.fromArray(F, x, offset + i));
        float sum = sum(s);
        for (; i < n; i++) sum += x[offset + i];
        return sum;
    }

    /**
     * The largest of {@code x[offset .. offset + n)}, as {@link Math#max} orders floats. Four running maxima: one alone
     * is a chain of dependent lanewise maxima (several instructions each, for NaN and -0.0), the larger part of a
     * prompt's attention softmax before.
     */
    public static float max(float[] x, int offset, int n) {
        FloatVector m0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY), m1 = m0, m2 = m0, m3 = m0;
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            m0 = m0.max(FloatVector.fromArray(F, x, offset + i));
            m1 = m1.max(FloatVector.fromArray(F, x, offset + i + L));
            m2 = m2.max(FloatVector.fromArray(F, x, offset + i + 2 * L));
            m3 = m3.max(FloatVector.fromArray(F, x, offset + i + 3 * L));
        }
        for (int bound = n - L; i <= bound; i += L) m0 = m0.max(FloatVector.fromArray(F, x, offset + i));
        float max = m0.max(m1).max(m2.max(m3)).reduceLanes(MAX);
        for (; i < n; i++) max = Math.max(max, x[offset + i]);
        return max;
    }

    /** The first index i with {@code x[i] == value} (as {@code ==} compares floats), or -1. */
    public static int indexOf(float[] x, float value) {
        int i = 0;
        for (int bound = x.length - L; i <= bound; i += L) {
            int lane = FloatVector.fromArray(F, x, i).compare(EQ, value).firstTrue();
            if (lane < L) return i + lane;
        }
        for (; i < x.length; i++) if (x[i] == value) return i;
        return -1;
    }

    /** x *= a. */
    public static void scale(float[] x, int offset, int n, float a) {
        int i = 0;
        for (int bound = n - L; i <= bound; i += L) FloatVector.fromArray(F, x, offset + i).mul(a).intoArray(x, offset + i);
        for (; i < n; i++) x[offset + i] *= a;
    }

    /** The lanes of v added first to last. */
    public static float sum(FloatVector v) {
        float s = v.lane(0);
        for (int i = 1; i < v.length(); i++) s += v.lane(i);
        return s;
    }

    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693145752f;
    private static final float LN2_LO = 1.42860677e-6f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, kept in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    /** 1/k! for k = 6 down to 0, after the leading 1/7!. */
    private static final float[] TAYLOR = {1f / 720, 1f / 120, 1f / 24, 1f / 6, 0.5f, 1f, 1f};

    /**
     * e^x per lane to about 2 ulp: x = n ln2 + r with |r| <= ln2/2, e^r by its Taylor polynomial to degree 7, then
     * scaled by 2^n through the exponent bits. Inputs are clamped to [-87, 88], where e^x is a normal float.
     */
    public static FloatVector exp(FloatVector x) {
        x = x.max(-87f).min(88f);
        FloatVector shifted = x.fma(LOG2E, ROUNDER);
        FloatVector n = shifted.sub(ROUNDER);
        // ln2 in two parts (Cody-Waite): n * LN2_HI is exact, so r keeps its low bits
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(F, 1f / 5040);
        for (float c : TAYLOR) p = p.fma(r, FloatVector.broadcast(F, c));
        IntVector exponent = shifted.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUNDER)).add(127).lanewise(LSHL, 23);
        return p.mul(exponent.reinterpretAsFloats());
    }

    /**
     * sum of e^(x[i] - shift) over all of x: each lane sums runs of 32 terms in float, and the runs are added in
     * double (lanes first to last), so the float rounding never builds up over a long row.
     */
    public static double sumExp(float[] x, float shift) {
        double sum = 0;
        int i = 0;
        while (i <= x.length - L) {
            FloatVector run = FloatVector.zero(F);
            for (int bound = Math.min(x.length - L, i + 31 * L); i <= bound; i += L) {
                run = run.add(exp(FloatVector.fromArray(F, x, i).sub(shift)));
            }
            for (int lane = 0; lane < L; lane++) sum += run.lane(lane);
        }
        for (; i < x.length; i++) sum += Math.exp((double) x[i] - shift);
        return sum;
    }

    /** tanh per lane as 1 - 2 / (e^(2x) + 1), accurate to about 1e-7 absolute (what GELU needs). */
    public static FloatVector tanh(FloatVector x) {
        FloatVector e = exp(x.mul(2f));
        return FloatVector.broadcast(F, 1f).sub(FloatVector.broadcast(F, 2f).div(e.add(1f)));
    }
}

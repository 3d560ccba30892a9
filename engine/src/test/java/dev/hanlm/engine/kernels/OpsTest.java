package dev.hanlm.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vectorized layers equal their scalar references at widths that are not multiples of the vector length. */
class OpsTest {
    private static final int[] WIDTHS = {1, 3, 8, 13, 30, 67, 768 + 5};

    @Test
    void layerNorm() {
        Random r = new Random(7);
        for (int dim : WIDTHS) {
            int n = 3;
            float[] x = shifted(TestTensors.gaussian(r, n * dim), 0.7f);
            float[] w = TestTensors.gaussian(r, dim), b = TestTensors.gaussian(r, dim);
            float[] expected = new float[n * dim], actual = new float[n * dim];
            Reference.layerNorm(expected, x, n, dim, w, b, 1e-5f);
            Ops.layerNorm(actual, x, n, dim, w, b, 1e-5f);
            assertArrayEquals(expected, actual, 2e-5f, "dim " + dim);
        }
    }

    @Test
    void rmsNorm() {
        Random r = new Random(8);
        for (int dim : WIDTHS) {
            int n = 4;
            float[] x = TestTensors.gaussian(r, n * dim), w = TestTensors.gaussian(r, dim);
            float[] expected = new float[n * dim], actual = new float[n * dim];
            Reference.rmsNorm(expected, x, n, dim, w, 1e-6f);
            Ops.rmsNorm(actual, x, n, dim, w, 1e-6f);
            assertArrayEquals(expected, actual, 2e-5f, "dim " + dim);
        }
    }

    @Test
    void softmaxOfASlice() {
        Random r = new Random(9);
        for (int len : WIDTHS) {
            float[] x = TestTensors.gaussian(r, len + 4);
            for (int i = 0; i < x.length; i++) x[i] *= 8;
            float[] expected = x.clone();
            Reference.softmax(expected, 2, len);
            Ops.softmax(x, 2, len);
            assertArrayEquals(expected, x, 1e-6f, "length " + len);
        }
    }

    @Test
    void geluTanhAndSwiglu() {
        Random r = new Random(10);
        for (int dim : WIDTHS) {
            int n = 3;
            float[] x = TestTensors.gaussian(r, n * dim);
            for (int i = 0; i < x.length; i++) x[i] *= 4;
            float[] gelu = x.clone(), geluRef = x.clone();
            Ops.geluTanh(gelu, n, dim);
            Reference.geluTanh(geluRef, n, dim);
            assertArrayEquals(geluRef, gelu, 1e-5f, "gelu dim " + dim);
            float[] up = TestTensors.gaussian(r, n * dim);
            float[] swiglu = x.clone(), swigluRef = x.clone();
            Ops.swiglu(swiglu, up, n, dim);
            Reference.swiglu(swigluRef, up, n, dim);
            assertArrayEquals(swigluRef, swiglu, 1e-5f, "swiglu dim " + dim);
        }
    }

    @Test
    void vectorExpAndTanhStayWithinAFewUlpOfTheJdk() {
        float[] x = new float[4001];
        for (int i = 0; i < x.length; i++) x[i] = -100f + i * 0.05f;
        for (int i = 0; i < x.length; i += jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length()) {
            var m = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.indexInRange(i, x.length);
            var v = jdk.incubator.vector.FloatVector.fromArray(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED, x, i, m);
            float[] exp = Vectors.exp(v).toArray(), tanh = Vectors.tanh(v).toArray();
            for (int j = 0; j < exp.length && i + j < x.length; j++) {
                float xi = x[i + j];
                double e = Math.exp(Math.max(-87, Math.min(88, xi)));
                assertEquals(e, exp[j], e * 3e-7, "exp(" + xi + ")");
                assertEquals(Math.tanh(xi), tanh[j], 2e-7, "tanh(" + xi + ")");
            }
        }
    }

    @Test
    void geluAndSiluMatchKnownValues() {
        assertEquals(0.8411920f, Reference.geluTanh(1f), 1e-6f);
        assertEquals(-0.0454023f, Reference.geluTanh(-2f), 1e-6f);
        assertEquals(0.7310586f, Reference.silu(1f), 1e-6f);
    }

    @Test
    void groupedQueryAttentionOverACache() {
        Random r = new Random(11);
        int[][] shapes = {{1, 1, 5}, {6, 2, 6}, {3, 3, 10}, {8, 2, 64}, {4, 1, 13}}; // heads, kvHeads, headDim
        // a few tokens (vectors across the positions), and prompts as blocks of matrix products: one block, then a
        // partial block after a cached prefix
        int[][] spans = {{7, 5}, {0, Attention.BLOCK}, {9, Attention.BLOCK + 37}}; // pos, n
        for (int[] span : spans) {
            for (int[] s : shapes) {
                int heads = s[0], kvHeads = s[1], headDim = s[2], pos = span[0], n = span[1], kvDim = kvHeads * headDim;
                int qStride = heads * headDim + 3, keyStride = pos + n + 5;
                float[] q = TestTensors.gaussian(r, n * qStride);
                float[] keys = TestTensors.gaussian(r, (pos + n) * kvDim);
                float[] values = TestTensors.gaussian(r, (pos + n) * kvDim);
                float[] expected = new float[n * heads * headDim], actual = new float[n * heads * headDim];
                float scale = (float) (1 / Math.sqrt(headDim));
                Reference.attention(expected, q, qStride, keys, values, pos, n, heads, kvHeads, headDim, scale);
                Attention.forward(actual, q, qStride, byDimension(keys, kvDim, keyStride), keyStride, values, pos, n, heads,
                        kvHeads, headDim, scale);
                assertArrayEquals(expected, actual, 1e-5f, heads + "/" + kvHeads + " heads of " + headDim + ", " + n + " after " + pos);
            }
        }
    }

    @Test
    void aPromptsAttentionIsEachTokensAloneBitForBit() {
        // the blocks' matrix products and the one-token path add the same products in the same order
        Random r = new Random(14);
        int heads = 6, kvHeads = 2, headDim = 20, n = 2 * Attention.BLOCK + 11, kvDim = kvHeads * headDim, qStride = heads * headDim;
        float[] q = TestTensors.gaussian(r, n * qStride), values = TestTensors.gaussian(r, n * kvDim);
        float[] keys = byDimension(TestTensors.gaussian(r, n * kvDim), kvDim, n);
        float scale = 0.3f;
        float[] prompt = new float[n * qStride];
        Attention.forward(prompt, q, qStride, keys, n, values, 0, n, heads, kvHeads, headDim, scale);
        for (int t = 0; t < n; t++) {
            float[] alone = new float[qStride];
            Attention.forward(alone, Arrays.copyOfRange(q, t * qStride, (t + 1) * qStride), qStride, keys, n, values, t, 1,
                    heads, kvHeads, headDim, scale);
            assertArrayEquals(Arrays.copyOfRange(prompt, t * qStride, (t + 1) * qStride), alone, "token " + t);
        }
    }

    /** Rows {@code [p][dim]} stored by dimension: element j of row p at {@code j * stride + p}. */
    private static float[] byDimension(float[] rows, int dim, int stride) {
        float[] out = new float[dim * stride];
        for (int p = 0; p < rows.length / dim; p++) for (int j = 0; j < dim; j++) out[j * stride + p] = rows[p * dim + j];
        return out;
    }

    @Test
    void embeddingLookupDecodesEachDtype() {
        Random r = new Random(12);
        try (Arena arena = Arena.ofShared()) {
            for (DType dtype : DType.values()) {
                Tensor table = TestTensors.matrix(dtype, Matrix.Layout.ROW_MAJOR, 11, 37, r, arena).values();
                int[] ids = {3, 0, 10, 3};
                float[] expected = new float[ids.length * 37], actual = new float[ids.length * 37];
                Reference.embedding(expected, table, 37, ids);
                Ops.embedding(actual, table, 37, ids, 11, new float[0]);
                assertArrayEquals(expected, actual, 0f, dtype.toString());
                float[] virtual = new float[2 * 37];
                for (int i = 0; i < virtual.length; i++) virtual[i] = i;
                Ops.embedding(actual, table, 37, new int[] {12, 3}, 11, virtual);
                assertArrayEquals(Arrays.copyOfRange(virtual, 37, 74), Arrays.copyOfRange(actual, 0, 37), "virtual id 12 = row 1");
                assertArrayEquals(Arrays.copyOfRange(expected, 0, 37), Arrays.copyOfRange(actual, 37, 74), dtype.toString());
            }
        }
    }

    @Test
    void ropeLlama3ScalingKeepsHighDividesLowAndBlendsTheMiddle() {
        float[] inv = {1f, 0.1f, 0.01f};                      // wavelengths 6.3, 62.8, 628
        float[] scaled = Rope.scaleLlama3(inv, 8, 1, 4, 100); // bands: < 25 kept, > 100 divided, between blended
        assertEquals(1f, scaled[0]);
        assertEquals(0.01f / 8, scaled[2], 1e-9f);
        double smooth = (100 / (2 * Math.PI / 0.1) - 1) / 3;
        assertEquals((float) ((1 - smooth) * 0.1f / 8 + smooth * 0.1f), scaled[1], 1e-7f);
        assertArrayEquals(new float[] {0.5f, 0.05f, 0.005f}, Rope.scaleLinear(inv, 2), 1e-9f);
    }

    @Test
    void ropeRotatesHalvesByPositionTimesFrequency() {
        float[] inv = Rope.inverseFrequencies(4, 10000);     // {1, 0.01}
        assertArrayEquals(new float[] {1f, 0.01f}, inv, 1e-9f);
        float[] cos = new float[2], sin = new float[2];
        Rope.angles(inv, 3, 1, cos, sin);
        float[] x = {1, 2, 3, 4};
        Rope.apply(x, 1, 4, 1, 4, cos, sin);
        double c0 = Math.cos(3), s0 = Math.sin(3), c1 = Math.cos(0.03f), s1 = Math.sin(0.03f);
        assertArrayEquals(new float[] {(float) (1 * c0 - 3 * s0), (float) (2 * c1 - 4 * s1),
                (float) (3 * c0 + 1 * s0), (float) (4 * c1 + 2 * s1)}, x, 1e-6f);
    }

    private static float[] shifted(float[] x, float by) {
        for (int i = 0; i < x.length; i++) x[i] += by;
        return x;
    }
}

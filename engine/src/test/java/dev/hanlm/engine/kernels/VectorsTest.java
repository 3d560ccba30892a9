package dev.hanlm.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decode step's vector loops against scalar references, at lengths that leave partial vectors: the ones that
 * promise the reference's exact sums are held to it bit for bit.
 */
class VectorsTest {
    private static final int[] LENGTHS = {1, 7, 8, 31, 32, 33, 64, 100, 257};

    @Test
    void aWeightedSumAddsItsTermsInOrderLikeTheScalarLoop() {
        Random r = new Random(11);
        for (int n : LENGTHS) {
            for (int count : new int[] {0, 1, 5, 40}) {
                int stride = n + 3, offset = 2;
                float[] weights = TestTensors.gaussian(r, count), x = TestTensors.gaussian(r, offset + count * stride);
                float[] out = new float[n + 4];
                Vectors.weightedSum(weights, count, x, offset, stride, out, 4, n);
                for (int i = 0; i < n; i++) {
                    float expected = 0f;
                    for (int p = 0; p < count; p++) expected = Math.fma(weights[p], x[p * stride + offset + i], expected);
                    assertEquals(expected, out[4 + i], 0f, "n " + n + ", " + count + " terms, element " + i);
                }
            }
        }
    }

    @Test
    void batchedDotProductsEqualTheLoneOneForEveryInput() {
        Random r = new Random(12);
        for (int n : LENGTHS) {
            for (int count = 1; count <= 5; count++) {
                float[] w = TestTensors.gaussian(r, n), x = TestTensors.gaussian(r, count * n), out = new float[3 * count];
                Vectors.dots4(w, x, count, n, out, 1, 3);
                for (int t = 0; t < count; t++) {
                    assertEquals(Vectors.dot4(w, x, t * n, n), out[1 + 3 * t], 0f, "n " + n + ", input " + t + " of " + count);
                }
            }
        }
    }

    @Test
    void sumOfExponentialsIsWithinFloatRoundingOfTheDoubleSum() {
        Random r = new Random(13);
        for (int n : new int[] {1, 9, 300, 16000}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) x[i] = (float) (r.nextGaussian() * 4);
            x[n / 2] = Float.NEGATIVE_INFINITY; // a masked logit adds nothing
            float shift = 3f;
            double expected = 0;
            for (float v : x) expected += Math.exp((double) v - shift);
            assertEquals(expected, Vectors.sumExp(x, shift), expected * 1e-6, "n " + n);
        }
    }

    @Test
    void maxAndIndexOfAgreeWithTheScalarLoops() {
        Random r = new Random(12);
        for (int n : LENGTHS) {
            for (int offset : new int[] {0, 3}) {
                float[] x = TestTensors.gaussian(r, offset + n + 2);
                float expected = Float.NEGATIVE_INFINITY;
                for (int i = offset; i < offset + n; i++) expected = Math.max(expected, x[i]);
                assertEquals(expected, Vectors.max(x, offset, n), n + " from " + offset);
            }
            float[] x = TestTensors.gaussian(r, n);
            int at = r.nextInt(n);
            assertEquals(at, Vectors.indexOf(x, x[at]), "gaussian values differ, " + n + " long");
            x[n - 1] = x[at];
            assertEquals(Math.min(at, n - 1), Vectors.indexOf(x, x[at]), "the first of two equal values");
            assertEquals(-1, Vectors.indexOf(x, 1e9f));
            assertEquals(-1, Vectors.indexOf(x, Float.NaN));
        }
        // Math.max's order: NaN wins, and 0.0 is above -0.0
        assertEquals(Float.NaN, Vectors.max(new float[] {1, Float.NaN, 2, 0, 0, 0, 0, 0, 0, 0}, 0, 10));
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(Vectors.max(new float[] {-0f, 0f, -0f}, 0, 3)));
    }
}

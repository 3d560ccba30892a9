package dev.hanlm.engine.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleSupplier;

/** Central finite differences of a scalar function of float arrays, compared with an analytic gradient. */
final class FiniteDifferences {
    private FiniteDifferences() {}

    /**
     * For each index in {@code indices}, (f(x + h) - f(x - h)) / 2h must equal {@code gradient[gradientOffset + i]}
     * (i the element's index relative to {@code offset}) within {@code absolute + relative * |numeric|}.
     */
    static void check(String what, float[] x, int offset, int[] indices, float[] gradient, int gradientOffset,
                      DoubleSupplier f, float h, double absolute, double relative) {
        for (int i : indices) {
            float saved = x[offset + i];
            x[offset + i] = saved + h;
            double plus = f.getAsDouble();
            x[offset + i] = saved - h;
            double minus = f.getAsDouble();
            x[offset + i] = saved;
            // the step actually taken, after rounding saved +- h to float
            double numeric = (plus - minus) / ((double) (saved + h) - (double) (saved - h));
            assertEquals(numeric, gradient[gradientOffset + i], absolute + relative * Math.abs(numeric), what + "[" + i + "]");
        }
    }

    static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }
}

package dev.hanlm.engine.grad;

import dev.hanlm.engine.kernels.Ops;
import dev.hanlm.engine.kernels.Parallel;
import dev.hanlm.engine.kernels.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/** Llama's MLP gate, element-wise: {@code out = silu(gate) * up}, silu(g) = g * sigmoid(g). */
final class SwiGlu {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final FloatVector ONE = FloatVector.broadcast(F, 1f);

    private SwiGlu() {}

    /** The inference kernel over n rows of dim, run on a copy of gate, since backward needs gate and up as they were. */
    static void forward(float[] out, float[] gate, float[] up, int n, int dim) {
        System.arraycopy(gate, 0, out, 0, n * dim);
        Ops.swiglu(out, up, n, dim);
    }

    /** Over n elements: dgate = dout * up * sigmoid(g) (1 + g (1 - sigmoid(g))) and dup = dout * silu(g), written. */
    static void backward(float[] dgate, float[] dup, float[] dout, float[] gate, float[] up, int n) {
        Parallel.forRange(Math.ceilDiv(n, L), (from, to) -> {
            for (int i = from * L, end = Math.min(n, to * L); i < end; i += L) {
                VectorMask<Float> m = F.indexInRange(i, end);
                FloatVector g = FloatVector.fromArray(F, gate, i, m), d = FloatVector.fromArray(F, dout, i, m);
                FloatVector sigmoid = ONE.div(Vectors.exp(g.neg()).add(1f));
                FloatVector silu = g.mul(sigmoid);
                d.mul(silu).intoArray(dup, i, m);
                FloatVector slope = sigmoid.mul(g.mul(sigmoid.neg().add(1f)).add(1f));
                d.mul(FloatVector.fromArray(F, up, i, m)).mul(slope).intoArray(dgate, i, m);
            }
        });
    }
}

package dev.hanlm.train.ptune;

import java.util.Arrays;

/**
 * One direction of one layer of PyTorch's nn.LSTM over a sequence of n steps, zero initial states:
 * gates {@code W_ih x_t + b_ih + W_hh h_prev + b_hh} in the order i, f, g, o, then {@code c_t = f c_prev + i g} and
 * {@code h_t = o tanh(c_t)}. The reverse direction runs from the last step to the first. The two directions of a
 * layer write side by side into one n x 2H output, the forward one in columns [0, H), the reverse one in [H, 2H).
 * Forward keeps the input, the activated gates and the states for backpropagation through time.
 */
final class LstmDirection {
    private final int weightIh, weightHh, biasIh, biasHh, in, h;
    private final boolean reverse;
    private float[] x, gates, cells, states;
    private int n;

    LstmDirection(int weightIh, int weightHh, int biasIh, int biasHh, int in, int hidden, boolean reverse) {
        this.weightIh = weightIh;
        this.weightHh = weightHh;
        this.biasIh = biasIh;
        this.biasHh = biasHh;
        this.in = in;
        this.h = hidden;
        this.reverse = reverse;
    }

    /** Runs over the n x in input {@code x}, writing h_t into this direction's columns of {@code out} (n x 2H). */
    void forward(float[] p, float[] x, int n, float[] out) {
        this.x = x;
        this.n = n;
        int g4 = 4 * h;
        gates = new float[n * g4];
        cells = new float[n * h];
        states = new float[n * h];
        // the input projections of all steps at once; only the recurrent part is sequential
        Linear.forward(p, weightIh, biasIh, x, n, in, g4, gates);
        for (int s = 0; s < n; s++) {
            int t = step(s), prev = step(s - 1), g = t * g4;
            for (int r = 0; r < g4; r++) {
                float sum = gates[g + r] + p[biasHh + r];
                if (s > 0) for (int j = 0; j < h; j++) sum += p[weightHh + r * h + j] * states[prev * h + j];
                gates[g + r] = r / h == 2 ? (float) Math.tanh(sum) : sigmoid(sum);
            }
            for (int j = 0; j < h; j++) {
                float cPrev = s > 0 ? cells[prev * h + j] : 0f;
                float c = gates[g + h + j] * cPrev + gates[g + j] * gates[g + 2 * h + j];
                cells[t * h + j] = c;
                states[t * h + j] = gates[g + 3 * h + j] * (float) Math.tanh(c);
            }
            System.arraycopy(states, t * h, out, t * 2 * h + (reverse ? h : 0), h);
        }
    }

    /**
     * Backpropagation through time: adds the parameters' gradients into grads and d(loss)/d(input) into dx (n x in),
     * given d(loss)/d(out) (n x 2H, of which this direction reads its own columns).
     */
    void backward(float[] p, float[] grads, float[] dOut, float[] dx) {
        int g4 = 4 * h;
        float[] dGates = new float[n * g4], dh = new float[h], dc = new float[h];
        for (int s = n - 1; s >= 0; s--) {
            int t = step(s), prev = step(s - 1), g = t * g4;
            for (int j = 0; j < h; j++) {
                float i = gates[g + j], f = gates[g + h + j], gg = gates[g + 2 * h + j], o = gates[g + 3 * h + j];
                float tanhC = (float) Math.tanh(cells[t * h + j]), cPrev = s > 0 ? cells[prev * h + j] : 0f;
                // dh and dc arrive from the step processed after this one
                float dState = dOut[t * 2 * h + (reverse ? h : 0) + j] + dh[j];
                float dCell = dc[j] + dState * o * (1 - tanhC * tanhC);
                dGates[g + j] = dCell * gg * i * (1 - i);
                dGates[g + h + j] = dCell * cPrev * f * (1 - f);
                dGates[g + 2 * h + j] = dCell * i * (1 - gg * gg);
                dGates[g + 3 * h + j] = dState * tanhC * o * (1 - o);
                dc[j] = dCell * f;
            }
            Arrays.fill(dh, 0f);
            for (int r = 0; r < g4; r++) {
                float d = dGates[g + r];
                grads[biasHh + r] += d;
                if (s == 0) continue; // h_prev was zero: no recurrent contribution
                for (int j = 0; j < h; j++) {
                    dh[j] += p[weightHh + r * h + j] * d;
                    grads[weightHh + r * h + j] += d * states[prev * h + j];
                }
            }
        }
        Linear.backward(p, grads, weightIh, biasIh, x, dGates, n, in, g4, dx);
    }

    /** The time index of processing step s. */
    private int step(int s) {
        return reverse ? n - 1 - s : s;
    }

    private static float sigmoid(float v) {
        return (float) (1 / (1 + Math.exp(-v)));
    }
}

package dev.hanlm.train.ptune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * P-tuning's prompt encoder (Liu et al. 2021, "GPT Understands, Too"): maps K learnable input vectors to the K
 * virtual-token embeddings (K x D, D the language model's d_model). Passing the inputs through a network
 * (reparameterization) instead of learning the embeddings directly makes prompt training stable.
 * <p>
 * All learnable values live in one flat array, {@link #parameters()}, tensor after tensor as {@link #ranges()}
 * lists them, named as in the state_dict of the P-tuning reference code's {@code PromptEncoder}:
 * {@code embedding.weight} (the K x D inputs), {@code lstm_head.*} (nn.LSTM's names) and {@code mlp_head.0.*},
 * {@code mlp_head.2.*} (the two Linear layers of an nn.Sequential with a ReLU between them). Linear weights are
 * stored [out][in] as in PyTorch. Float arithmetic throughout.
 */
public final class PromptEncoder {
    /** How the inputs become the prompt embeddings. */
    public enum Kind {
        /**
         * P-tuning's encoder: a 2-layer bidirectional LSTM (hidden size H per direction; the second layer reads the
         * first one's 2H outputs), then Linear(2H -> D) -> ReLU -> Linear(D -> D).
         */
        LSTM,
        /** Linear(D -> hidden) -> ReLU -> Linear(hidden -> D). */
        MLP,
        /** No reparameterization: the K x D embeddings are the parameters themselves. */
        NONE;

        /** The hidden size when none is given: D/2 per LSTM direction (so the two make D), D for the MLP, 0 for NONE. */
        public int defaultHidden(int dModel) {
            return switch (this) {
                case LSTM -> Math.max(1, dModel / 2);
                case MLP -> dModel;
                case NONE -> 0;
            };
        }

        /**
         * The std of the inputs' normal init when none is given: 1 (nn.Embedding's default, as in P-tuning) for the
         * encoders, 0.02 (GPT-2's initializer range) for NONE, whose inputs are the embeddings themselves; pass the
         * std of the model's own token embeddings to match them instead.
         */
        public double defaultInputStd() {
            return this == NONE ? 0.02 : 1.0;
        }
    }

    /**
     * One tensor: {@code parameters()[offset .. offset + size)}, row-major with the given shape.
     *
     * @param decayed whether weight decay applies: the weight matrices, not the biases or the input embeddings
     */
    public record Range(String name, int[] shape, int offset, int size, boolean decayed) {}

    private final Kind kind;
    private final int promptTokens, dModel, hidden;
    private final List<Range> ranges = new ArrayList<>();
    /** Per range, the bound of its uniform init (PyTorch's); the first range, the inputs, is normal instead. */
    private final List<Double> initBounds = new ArrayList<>();
    private final LstmDirection[] lstm;
    private final Mlp head;
    private final float[] parameters;
    private boolean forwarded;

    private PromptEncoder(Kind kind, int promptTokens, int dModel, int hidden) {
        if (promptTokens < 1 || dModel < 1) {
            throw new IllegalArgumentException("need at least one prompt token and d_model >= 1, got " + promptTokens
                    + " and " + dModel);
        }
        if (kind != Kind.NONE && hidden < 1) throw new IllegalArgumentException(kind + " needs hidden >= 1, got " + hidden);
        this.kind = kind;
        this.promptTokens = promptTokens;
        this.dModel = dModel;
        this.hidden = kind == Kind.NONE ? 0 : hidden;
        add("embedding.weight", false, 0, promptTokens, dModel);
        lstm = kind == Kind.LSTM ? lstmLayers() : new LstmDirection[0];
        head = switch (kind) {
            case LSTM -> mlp(2 * hidden, dModel);
            case MLP -> mlp(dModel, hidden);
            case NONE -> null;
        };
        Range last = ranges.getLast();
        parameters = new float[last.offset() + last.size()];
    }

    /** nn.LSTM's tensors, layer after layer, forward direction first; PyTorch draws them all from +-1/sqrt(H). */
    private LstmDirection[] lstmLayers() {
        LstmDirection[] directions = new LstmDirection[4];
        double bound = 1 / Math.sqrt(hidden);
        for (int d = 0; d < 4; d++) {
            int in = d < 2 ? dModel : 2 * hidden;
            String suffix = "_l" + d / 2 + (d % 2 == 1 ? "_reverse" : "");
            directions[d] = new LstmDirection(add("lstm_head.weight_ih" + suffix, true, bound, 4 * hidden, in),
                    add("lstm_head.weight_hh" + suffix, true, bound, 4 * hidden, hidden),
                    add("lstm_head.bias_ih" + suffix, false, bound, 4 * hidden),
                    add("lstm_head.bias_hh" + suffix, false, bound, 4 * hidden), in, hidden, d % 2 == 1);
        }
        return directions;
    }

    /** Linear(in -> width) -> ReLU -> Linear(width -> D), each Linear drawn from +-1/sqrt(its fan-in). */
    private Mlp mlp(int in, int width) {
        double bound0 = 1 / Math.sqrt(in), bound2 = 1 / Math.sqrt(width);
        return new Mlp(add("mlp_head.0.weight", true, bound0, width, in), add("mlp_head.0.bias", false, bound0, width),
                add("mlp_head.2.weight", true, bound2, dModel, width), add("mlp_head.2.bias", false, bound2, dModel),
                in, width, dModel);
    }

    /** Appends a tensor to the layout; returns its offset. */
    private int add(String name, boolean decayed, double initBound, int... shape) {
        int offset = ranges.isEmpty() ? 0 : ranges.getLast().offset() + ranges.getLast().size(), size = 1;
        for (int s : shape) size = Math.multiplyExact(size, s);
        ranges.add(new Range(name, shape, offset, size, decayed));
        initBounds.add(initBound);
        return offset;
    }

    /** {@link #create(Kind, int, int, int, double, long)} with the kind's {@link Kind#defaultInputStd()}. */
    public static PromptEncoder create(Kind kind, int promptTokens, int dModel, int hidden, long seed) {
        return create(kind, promptTokens, dModel, hidden, kind.defaultInputStd(), seed);
    }

    /**
     * A freshly initialized encoder; the same arguments give the same parameters. The inputs are drawn from
     * N(0, inputStd^2), the LSTM and Linear tensors uniformly as PyTorch does.
     *
     * @param promptTokens K, the number of virtual tokens
     * @param dModel       D, the language model's embedding width
     * @param hidden       the LSTM's hidden size per direction, or the MLP's hidden width; ignored for NONE (see
     *                     {@link Kind#defaultHidden(int)})
     */
    public static PromptEncoder create(Kind kind, int promptTokens, int dModel, int hidden, double inputStd, long seed) {
        PromptEncoder encoder = new PromptEncoder(kind, promptTokens, dModel, hidden);
        SplittableRandom random = new SplittableRandom(seed);
        float[] p = encoder.parameters;
        for (int r = 0; r < encoder.ranges.size(); r++) {
            Range range = encoder.ranges.get(r);
            double bound = encoder.initBounds.get(r);
            for (int i = range.offset(); i < range.offset() + range.size(); i++) {
                p[i] = (float) (r == 0 ? inputStd * random.nextGaussian() : random.nextDouble(-bound, bound));
            }
        }
        return encoder;
    }

    /**
     * An encoder holding the given tensors, as {@link #state()} returned them; every tensor of the layout must be
     * present with its size, and no other.
     *
     * @throws IllegalArgumentException naming the tensor that is missing, unknown or of the wrong size
     */
    public static PromptEncoder restore(Kind kind, int promptTokens, int dModel, int hidden, Map<String, float[]> tensors) {
        PromptEncoder encoder = new PromptEncoder(kind, promptTokens, dModel, hidden);
        for (String name : tensors.keySet()) {
            if (encoder.ranges.stream().noneMatch(r -> r.name().equals(name))) {
                throw new IllegalArgumentException("unknown tensor " + name + " for a " + kind + " prompt encoder");
            }
        }
        for (Range range : encoder.ranges) {
            float[] values = tensors.get(range.name());
            if (values == null) throw new IllegalArgumentException("missing tensor " + range.name());
            if (values.length != range.size()) {
                throw new IllegalArgumentException("tensor " + range.name() + " has " + values.length
                        + " values, expected " + Arrays.toString(range.shape()) + " = " + range.size());
            }
            System.arraycopy(values, 0, encoder.parameters, range.offset(), range.size());
        }
        return encoder;
    }

    public Kind kind() {
        return kind;
    }

    /** K, the number of virtual tokens. */
    public int promptTokens() {
        return promptTokens;
    }

    /** D, the width of each prompt embedding. */
    public int dModel() {
        return dModel;
    }

    /** The LSTM's hidden size per direction or the MLP's hidden width; 0 for NONE. */
    public int hidden() {
        return hidden;
    }

    /** All learnable values, live: an optimizer updates this array in place. */
    public float[] parameters() {
        return parameters;
    }

    /** The named tensors inside {@link #parameters()}, in order; the first is always the inputs. */
    public List<Range> ranges() {
        return List.copyOf(ranges);
    }

    /** A copy of every tensor by name, in layout order, for {@link #restore}. */
    public Map<String, float[]> state() {
        Map<String, float[]> state = new LinkedHashMap<>();
        for (Range r : ranges) state.put(r.name(), Arrays.copyOfRange(parameters, r.offset(), r.offset() + r.size()));
        return state;
    }

    /** The K x D prompt embeddings (row-major, a fresh array), keeping what {@link #backward} needs. */
    public float[] forward() {
        float[] inputs = Arrays.copyOf(parameters, promptTokens * dModel);
        forwarded = true;
        return switch (kind) {
            case NONE -> inputs;
            case MLP -> head.forward(parameters, inputs, promptTokens);
            case LSTM -> {
                float[] layer = inputs;
                for (int l = 0; l < 2; l++) {
                    float[] out = new float[promptTokens * 2 * hidden];
                    lstm[2 * l].forward(parameters, layer, promptTokens, out);
                    lstm[2 * l + 1].forward(parameters, layer, promptTokens, out);
                    layer = out;
                }
                yield head.forward(parameters, layer, promptTokens);
            }
        };
    }

    /**
     * Adds d(loss)/d(parameters) into {@code grads} (laid out as {@link #parameters()}), given d(loss)/d(output) of
     * the last {@link #forward()}; the parameters must not have changed in between.
     */
    public void backward(float[] dOutput, float[] grads) {
        if (!forwarded) throw new IllegalStateException("backward needs a forward first");
        if (dOutput.length != promptTokens * dModel || grads.length != parameters.length) {
            throw new IllegalArgumentException("expected " + promptTokens * dModel + " output gradients and "
                    + parameters.length + " parameter gradients, got " + dOutput.length + " and " + grads.length);
        }
        float[] dInputs = switch (kind) {
            case NONE -> dOutput;
            case MLP -> head.backward(parameters, grads, dOutput);
            case LSTM -> {
                float[] d = head.backward(parameters, grads, dOutput);
                for (int l = 1; l >= 0; l--) {
                    float[] dIn = new float[promptTokens * (l == 0 ? dModel : 2 * hidden)];
                    lstm[2 * l].backward(parameters, grads, d, dIn);
                    lstm[2 * l + 1].backward(parameters, grads, d, dIn);
                    d = dIn;
                }
                yield d;
            }
        };
        for (int i = 0; i < dInputs.length; i++) grads[i] += dInputs[i]; // the inputs are the first tensor
    }
}

package dev.hanlm.engine;

import dev.hanlm.engine.io.Checkpoint;
import dev.hanlm.engine.io.HfConfig;
import dev.hanlm.engine.model.Gpt2;
import dev.hanlm.engine.model.Llama;
import dev.hanlm.engine.model.Transformer;
import dev.hanlm.engine.model.WeightLoader;
import dev.hanlm.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A model loaded from a Hugging Face directory ({@code config.json}, {@code model.safetensors} or its sharded
 * index, optionally {@code generation_config.json} and {@code tokenizer.json}). The weights stay memory-mapped;
 * only quantized copies (with {@link Quantization#Q8}/{@link Quantization#Q4}) and small vectors (norms, biases) are
 * made at load. {@link #close} unmaps them; sessions must not be used afterwards.
 * <pre>{@code
 * try (LanguageModel model = LanguageModel.load(dir, LoadOptions.defaults())) {
 *     Session s = model.newSession();
 *     float[] logits = s.prefill(model.tokenizer().orElseThrow().encode("안녕하세요"));
 *     logits = s.decode(argmax(logits));
 * }
 * }</pre>
 * {@link #withPromptEmbeddings} gives a view of the model whose ids after the vocabulary are virtual tokens with
 * given embeddings (a p-tuned prompt); everything that takes a model (generation, scoring, evaluation) accepts them.
 */
public final class LanguageModel implements AutoCloseable {
    private final Path directory;
    private final Checkpoint checkpoint;
    private final Transformer transformer;
    private final GenerationConfig generationConfig;
    private final LoadOptions options;
    private final long parameterCount;
    private final Map<String, Long> fileDtypes;
    /** The virtual tokens' embeddings, [k][hidden]; empty for a plain model. */
    private final float[] virtualEmbeddings;
    /** The model this is a view of (which owns the mapped weights and the tokenizer), or null for the owner itself. */
    private final LanguageModel base;
    private Optional<Tokenizer> tokenizer;

    private LanguageModel(Path directory, Checkpoint checkpoint, Transformer transformer, GenerationConfig generationConfig,
                          LoadOptions options, long parameterCount, Map<String, Long> fileDtypes, float[] virtualEmbeddings,
                          LanguageModel base) {
        this.directory = directory;
        this.checkpoint = checkpoint;
        this.transformer = transformer;
        this.generationConfig = generationConfig;
        this.options = options;
        this.parameterCount = parameterCount;
        this.fileDtypes = fileDtypes;
        this.virtualEmbeddings = virtualEmbeddings;
        this.base = base;
    }

    public static LanguageModel load(Path dir) {
        return load(dir, LoadOptions.defaults());
    }

    /** Loads the model in {@code dir}; every problem with the directory is an {@link EngineException} naming it. */
    public static LanguageModel load(Path dir, LoadOptions options) {
        ModelConfig config = HfConfig.read(dir);
        GenerationConfig generation = HfConfig.readGeneration(dir);
        Checkpoint checkpoint = Checkpoint.open(dir);
        try {
            WeightLoader weights = new WeightLoader(checkpoint, options);
            Transformer transformer = switch (config.architecture()) {
                case GPT2 -> Gpt2.load(config, weights);
                case LLAMA -> Llama.load(config, weights);
            };
            return new LanguageModel(dir, checkpoint, transformer, generation, options, weights.parameterCount(),
                    weights.fileDtypes(), new float[0], null);
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }

    public Path directory() {
        return directory;
    }

    public ModelConfig config() {
        return transformer.config();
    }

    public GenerationConfig generationConfig() {
        return generationConfig;
    }

    /** How the matmul weights are held. */
    public Quantization quantization() {
        return options.quantize();
    }

    /** Parameters in the checkpoint that the model uses (a tied embedding counted once). */
    public long parameterCount() {
        return parameterCount;
    }

    /** Parameters per safetensors dtype ({@code F32}, {@code BF16}, ...) as stored in the files. */
    public Map<String, Long> fileDtypes() {
        return fileDtypes;
    }

    /** Bytes of weights a decode step reads: divide by the memory bandwidth for the decode speed bound. */
    public long bytesPerToken() {
        return transformer.bytesPerToken();
    }

    /**
     * This model with {@code embeddings.length / hidden} virtual tokens: id {@code vocabSize + k} has row k of
     * {@code embeddings} as its token embedding (GPT-2 adds its position embedding to it; Llama rotates as usual).
     * Virtual ids may appear in prompts, never as generated or scored tokens. The view shares the weights; closing it
     * does nothing, closing this model closes it too.
     */
    public LanguageModel withPromptEmbeddings(float[] embeddings) {
        int hidden = config().hiddenSize();
        if (embeddings.length == 0 || embeddings.length % hidden != 0) {
            throw new EngineException("prompt embeddings of " + embeddings.length + " floats are not whole rows of the hidden size "
                    + hidden + " of the model in " + directory);
        }
        for (float v : embeddings) {
            if (!Float.isFinite(v)) throw new EngineException("the prompt embeddings hold a value that is not finite: " + v);
        }
        LanguageModel owner = base == null ? this : base;
        return new LanguageModel(directory, checkpoint, transformer, generationConfig, options, parameterCount, fileDtypes,
                embeddings.clone(), owner);
    }

    /** Virtual tokens after the vocabulary: 0 unless this is a {@link #withPromptEmbeddings} view. */
    public int virtualTokenCount() {
        return virtualEmbeddings.length / config().hiddenSize();
    }

    /** The tokenizer of the directory's {@code tokenizer.json}, loaded on first use; empty when there is none. */
    public synchronized Optional<Tokenizer> tokenizer() {
        if (base != null) return base.tokenizer();
        if (tokenizer == null) {
            tokenizer = Files.isRegularFile(directory.resolve("tokenizer.json"))
                    ? Optional.of(Tokenizer.load(directory)) : Optional.empty();
        }
        return tokenizer;
    }

    /** A session over the model's whole context. */
    /** A decoder that runs one token of several of this model's sessions (or of its views') in one pass. */
    public BatchDecoder newBatchDecoder() {
        return new BatchDecoder(transformer);
    }

    public Session newSession() {
        return newSession(config().contextLength());
    }

    /** A session that holds at most {@code contextLength} positions (at most the model's context). */
    public Session newSession(int contextLength) {
        if (contextLength < 1 || contextLength > config().contextLength()) {
            throw new EngineException("a context of " + contextLength + " positions is outside 1.." + config().contextLength()
                    + ", the context of the model in " + directory);
        }
        return new Session(transformer, contextLength, virtualEmbeddings);
    }

    @Override
    public void close() {
        if (base == null) checkpoint.close();
    }
}

package dev.hanlm.engine;

/** The decoder families the engine runs, named by their Hugging Face {@code model_type}. */
public enum Architecture {
    /** GPT-2 / GPT-3 shape: learned positions, pre-LayerNorm, tanh-GELU MLP, fused QKV in Conv1D layout. */
    GPT2("gpt2"),
    /** Llama shape: RMSNorm, rotary positions, SwiGLU MLP, grouped-query attention. */
    LLAMA("llama");

    private final String modelType;

    Architecture(String modelType) {
        this.modelType = modelType;
    }

    public String modelType() {
        return modelType;
    }
}

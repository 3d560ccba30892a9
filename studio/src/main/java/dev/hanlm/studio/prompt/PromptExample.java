package dev.hanlm.studio.prompt;

/** One few-shot example of a Studio prompt: an input and the output the model should learn to give for it. */
public record PromptExample(String input, String output) {
    public PromptExample {
        input = input == null ? "" : input;
        output = output == null ? "" : output;
    }
}

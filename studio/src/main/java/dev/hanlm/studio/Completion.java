package dev.hanlm.studio;

import java.util.List;

/**
 * What a backend produced for a request: its choices in order and the token counts.
 *
 * @param choices          one per requested choice, by index
 * @param promptTokens     the tokens of the prompt (counted once, whatever {@code n})
 * @param completionTokens the tokens generated for all choices together
 */
public record Completion(List<Choice> choices, int promptTokens, int completionTokens) {
    public static final String STOP = "stop";
    public static final String LENGTH = "length";

    public Completion {
        choices = List.copyOf(choices);
    }

    /**
     * One choice.
     *
     * @param index        its place among the request's choices, from 0
     * @param text         its whole text
     * @param finishReason {@value #STOP} (a stop sequence or the model's end) or {@value #LENGTH} (max tokens, or the
     *                     context is full)
     * @param logprobs     one entry per generated token; empty when not asked for
     * @param tokens       how many tokens it generated
     */
    public record Choice(int index, String text, String finishReason, List<TokenLogprobs> logprobs, int tokens) {
        public Choice {
            logprobs = List.copyOf(logprobs);
        }
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}

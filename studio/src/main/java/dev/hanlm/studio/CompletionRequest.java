package dev.hanlm.studio;

import dev.hanlm.studio.chat.ChatMessage;
import java.util.List;

/**
 * One request for completions, whatever backend serves it: a text to continue or a conversation to answer, {@code n}
 * choices, how to sample them, and CLOVA Studio's inject texts.
 *
 * @param model             the id of the model
 * @param prompt            the text or the conversation
 * @param n                 how many choices, 1 to {@value #MAX_N}; each is its own generation
 * @param sampling          how to sample each choice
 * @param injectStartText   text put after the prompt before generating (a text prompt's end, or the start of the
 *                          assistant's reply); it begins each choice's text
 * @param injectRestartText a text prompt: text added to a choice that ended by itself (not by length), so that
 *                          prompt + choice is ready for the next input. A conversation: the text that starts the next
 *                          user turn, so the reply ends before the model writes it (it is not part of the reply)
 */
public record CompletionRequest(String model, Prompt prompt, int n, SamplingParams sampling, String injectStartText,
                                String injectRestartText) {
    public static final int MAX_N = 16;

    /** What the model continues. */
    public sealed interface Prompt permits TextPrompt, ChatPrompt {}

    /** A text to continue, as {@code /v1/completions} takes it. */
    public record TextPrompt(String text) implements Prompt {}

    /** A conversation to answer, as {@code /v1/chat/completions} takes it, at least one message. */
    public record ChatPrompt(List<ChatMessage> messages) implements Prompt {
        public ChatPrompt {
            messages = List.copyOf(messages);
            if (messages.isEmpty()) throw RequestException.invalid("messages", "messages is empty; give at least one message");
        }
    }

    public CompletionRequest {
        if (model == null || model.isEmpty()) throw RequestException.invalid("model", "the model is missing (GET /v1/models lists them)");
        if (prompt == null) throw RequestException.invalid(null, "the prompt is missing");
        if (n < 1 || n > MAX_N) throw RequestException.invalid("n", "n is " + n + "; it must be from 1 to " + MAX_N);
        if (sampling == null) sampling = SamplingParams.defaults();
        if (injectStartText == null) injectStartText = "";
        if (injectRestartText == null) injectRestartText = "";
    }

    /** One choice of a prompt with the model's default sampling. */
    public static CompletionRequest of(String model, Prompt prompt) {
        return new CompletionRequest(model, prompt, 1, SamplingParams.defaults(), "", "");
    }

    /** The same request for another prompt (the prompt with its personal data masked, say). */
    public CompletionRequest withPrompt(Prompt other) {
        return new CompletionRequest(model, other, n, sampling, injectStartText, injectRestartText);
    }
}

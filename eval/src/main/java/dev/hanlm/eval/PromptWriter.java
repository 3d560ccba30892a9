package dev.hanlm.eval;

import java.util.List;
import java.util.Map;

/** Writes an item's prompt as ids: in context ({@link Prompts}) or with a p-tuned prompt ({@link TunedPrompts}). */
interface PromptWriter {
    /** The prompt for an item's fields after {@code shots}, leaving {@code room} positions of the context after it. */
    Prompts.Prompt fit(List<Example> shots, Map<String, String> fields, int room);

    /** The tokens of an answer after the prompt. */
    int[] continuation(String answer);
}

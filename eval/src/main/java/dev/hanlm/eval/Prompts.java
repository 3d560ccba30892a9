package dev.hanlm.eval;

import dev.hanlm.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Builds a task's prompts and fits them to the model's context. The rule when they do not fit: demonstrations are
 * dropped from the end (the one nearest the item first) until the prompt and the room it needs after it fit; when
 * the item alone is still too long, its prompt keeps only its last tokens. Both are recorded per item.
 */
public final class Prompts implements PromptWriter {
    private final Task task;
    private final Tokenizer tokenizer;
    private final int context;

    /**
     * @param ids       the prompt's tokens (with the tokenizer's special prefix, if it adds one)
     * @param shots     the demonstrations it kept
     * @param truncated the tokens cut from its start when even no demonstration left room
     */
    public record Prompt(int[] ids, int shots, int truncated) {}

    public Prompts(Task task, Tokenizer tokenizer, int context) {
        this.task = task;
        this.tokenizer = tokenizer;
        this.context = context;
    }

    /** The prompt text: the demonstrations, each with its answer, then the item's rendered template. */
    public String text(List<Example> shots, Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        for (Example shot : shots) {
            out.append(task.template().render(shot.fields())).append(Task.ANSWER_SEPARATOR).append(task.answerText(shot))
                    .append(Task.SHOT_SEPARATOR);
        }
        return out.append(task.template().render(fields)).toString();
    }

    /** The prompt with as many of {@code shots} as leave {@code room} positions of the context after it. */
    @Override
    public Prompt fit(List<Example> shots, Map<String, String> fields, int room) {
        int budget = context - room;
        if (budget < 1) {
            throw new EvalException("task " + task.name() + " needs " + room + " positions after the prompt, but the model's context has "
                    + context);
        }
        for (int n = shots.size(); n >= 0; n--) {
            int[] ids = tokenizer.encode(text(shots.subList(0, n), fields), true);
            if (ids.length <= budget) return new Prompt(ids, n, 0);
            if (n == 0) return new Prompt(Arrays.copyOfRange(ids, ids.length - budget, ids.length), 0, ids.length - budget);
        }
        throw new AssertionError("the loop returns at n = 0");
    }

    /** The tokens of a continuation after the prompt: the answer separator and the text, without special tokens. */
    @Override
    public int[] continuation(String answer) {
        return tokenizer.encode(Task.ANSWER_SEPARATOR + answer, false);
    }
}

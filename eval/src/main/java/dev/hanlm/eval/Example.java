package dev.hanlm.eval;

import java.util.List;
import java.util.Map;

/**
 * One item of a task.
 *
 * @param id      the item's id in its data file (or its line number)
 * @param fields  the values that fill the prompt template's {@code {field}} placeholders
 * @param answers the gold answers: a label for a classification task; the reference texts for a generation task
 *                (the first is the one a demonstration shows)
 */
public record Example(String id, Map<String, String> fields, List<String> answers) {
    public Example {
        fields = Map.copyOf(fields);
        answers = List.copyOf(answers);
        if (answers.isEmpty()) throw new EvalException("item " + id + " has no gold answer");
    }

    /** The answer a demonstration shows and a classification is scored against. */
    public String gold() {
        return answers.getFirst();
    }
}

package dev.hanlm.eval;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a task asks and how it is scored. A prompt is the demonstrations, each the rendered template, one space and
 * its answer, joined by {@link #SHOT_SEPARATOR}, then the scored item's rendered template. A classification task
 * ranks its verbalizers after that prompt (with one space before each); a generation task generates greedily after it
 * until a newline or {@code maxTokens}.
 *
 * @param name        the task's name in results
 * @param template    the prompt template with {@code {field}} placeholders
 * @param verbalizers label -&gt; the text that stands for it, in a fixed order; empty for a generation task
 * @param metric      scores a run's predictions
 * @param maxTokens   the most tokens a generation task generates (unused by classification)
 * @param loader      reads the task's data file into items
 */
public record Task(String name, Template template, Map<String, String> verbalizers, Metric metric, int maxTokens,
                   Loader loader) {
    /** Between demonstrations, and between the last one and the scored item. */
    public static final String SHOT_SEPARATOR = "\n\n";
    /** Between a rendered template and its answer. */
    public static final String ANSWER_SEPARATOR = " ";
    /** Ends a generated answer. */
    public static final String STOP = "\n";

    /** Reads a data file into items. */
    @FunctionalInterface
    public interface Loader {
        List<Example> load(Path file);
    }

    public Task {
        verbalizers = Collections.unmodifiableMap(new LinkedHashMap<>(verbalizers));
    }

    public boolean classification() {
        return !verbalizers.isEmpty();
    }

    /** The text a demonstration shows after its template: the gold label's verbalizer, or the first reference. */
    public String answerText(Example item) {
        if (!classification()) return item.gold();
        String verbalizer = verbalizers.get(item.gold());
        if (verbalizer == null) {
            throw new EvalException("item " + item.id() + " of task " + name + " has the label \"" + item.gold()
                    + "\", which is not one of " + verbalizers.keySet());
        }
        return verbalizer;
    }
}

package dev.hanlm.train.ptune;

import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.train.TrainingException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A p-tuning template: text with {@code {field}} placeholders, virtual tokens {@code [P3]} or {@code [P0..P3]}, and
 * the answer slot {@code {label}} at its end, e.g. {@code [P0..P3] 리뷰: {document} [P4..P7] 감정: {label}}.
 *
 * <p>Encoding: the text and filled fields between two virtual markers are tokenized together (so that a field reads
 * as it would in running text), with the white space next to a marker, at the start, and before {@code {label}}
 * trimmed; the tokenizer's special prefix (a BOS token) comes first. The answer is tokenized as one space and the
 * answer text, as evaluation scores verbalizers. Virtual token k is id {@code vocab + k}.
 */
public final class PromptTemplate {
    public static final String LABEL = "label";
    public static final int MAX_VIRTUAL_TOKENS = 1000;
    private static final Pattern PART = Pattern.compile("\\[P(\\d+)(?:\\.\\.P(\\d+))?]|\\{([\\p{L}\\p{N}_.-]+)}");

    private sealed interface Segment permits Text, Field, Virtual {}
    private record Text(String text) implements Segment {}
    private record Field(String name) implements Segment {}
    private record Virtual(int index) implements Segment {}

    /**
     * @param ids       the prompt's ids, ending just before the answer
     * @param cutTokens how many tokens shorter than the whole prompt it is, a field having been shortened so that the
     *                  prompt and its room fit the context
     */
    public record Encoded(int[] ids, int cutTokens) {
        public boolean truncated() {
            return cutTokens > 0;
        }
    }

    private final String text;
    private final List<Segment> segments;
    private final int virtualTokens;

    private PromptTemplate(String text, List<Segment> segments, int virtualTokens) {
        this.text = text;
        this.segments = segments;
        this.virtualTokens = virtualTokens;
    }

    /**
     * Parses a template. Its virtual tokens must be P0 .. P(K-1), each once; {@code {label}} must end it.
     */
    public static PromptTemplate parse(String text) {
        List<Segment> segments = new ArrayList<>();
        BitSet seen = new BitSet();
        Matcher m = PART.matcher(text);
        int at = 0;
        boolean label = false;
        while (m.find()) {
            if (label) throw bad(text, "{label} must end the template");
            if (m.start() > at) segments.add(new Text(text.substring(at, m.start())));
            at = m.end();
            if (m.group(3) != null) {
                if (m.group(3).equals(LABEL)) label = true;
                else segments.add(new Field(m.group(3)));
                continue;
            }
            int from = index(text, m.group(1)), to = m.group(2) == null ? from : index(text, m.group(2));
            if (to < from) throw bad(text, "[P" + from + "..P" + to + "] counts down");
            for (int k = from; k <= to; k++) {
                if (seen.get(k)) throw bad(text, "virtual token P" + k + " appears twice");
                seen.set(k);
                segments.add(new Virtual(k));
            }
        }
        if (!label) throw bad(text, "it has no {label}, the place of the answer, at its end");
        if (!text.substring(at).isBlank()) throw bad(text, "{label} must end the template");
        int k = seen.cardinality();
        if (k == 0) throw bad(text, "it has no virtual tokens ([P0], or a range like [P0..P3])");
        if (seen.nextClearBit(0) != k) throw bad(text, "its virtual tokens must be P0 to P" + (k - 1) + " without gaps");
        return new PromptTemplate(text, List.copyOf(segments), k);
    }

    /**
     * The default template of K virtual tokens around a task's own template (e.g. {@code 리뷰: {document}\n감정:}):
     * the first half before it, the second half right after its last field (at its end when it has none), then the
     * answer: {@code [P0..P3] 리뷰: {document} [P4..P7]\n감정: {label}}. The task's own cue ({@code 감정:}) stays the
     * last token before the answer, where the frozen model's state already carries what the item says; with the
     * virtual tokens last instead, the bundled model did not learn NSMC (docs/PTUNING.md).
     */
    public static PromptTemplate around(String taskTemplate, int k) {
        if (k < 1) throw new TrainingException("the number of prompt tokens must be at least 1, not " + k);
        int first = (k + 1) / 2, split = taskTemplate.length();
        Matcher field = PART.matcher(taskTemplate);
        while (field.find()) if (field.group(3) != null) split = field.end();
        String after = first < k ? " " + range(first, k - 1) : "";
        return parse(range(0, first - 1) + " " + taskTemplate.substring(0, split) + after + taskTemplate.substring(split)
                + " {" + LABEL + "}");
    }

    /** Virtual token indices are below {@value #MAX_VIRTUAL_TOKENS}: more would not be a prompt. */
    private static int index(String text, String digits) {
        if (digits.length() > 6 || Integer.parseInt(digits) >= MAX_VIRTUAL_TOKENS) {
            throw bad(text, "virtual token P" + digits + " is beyond P" + (MAX_VIRTUAL_TOKENS - 1));
        }
        return Integer.parseInt(digits);
    }

    private static String range(int from, int to) {
        return from == to ? "[P" + from + "]" : "[P" + from + "..P" + to + "]";
    }

    private static TrainingException bad(String text, String why) {
        return new TrainingException("the prompt template \"" + text + "\" is not valid: " + why);
    }

    public String text() {
        return text;
    }

    public int virtualTokens() {
        return virtualTokens;
    }

    /** The field names the template fills, in order. */
    public List<String> fields() {
        return segments.stream().filter(s -> s instanceof Field).map(s -> ((Field) s).name()).toList();
    }

    /**
     * The prompt for {@code fields}, at most {@code budget} ids: when it is longer, the longest field is cut to the
     * longest prefix (whole code points) that fits, found by bisection; if even an empty one does not fit, that field
     * is emptied and the next longest is cut.
     */
    public Encoded encode(Tokenizer tokenizer, Map<String, String> fields, int vocab, int budget) {
        Map<String, String> values = new HashMap<>();
        for (String name : fields()) {
            String value = fields.get(name);
            if (value == null) {
                throw new TrainingException("the template has the placeholder {" + name + "} but the item has only the fields " + fields.keySet());
            }
            values.put(name, value);
        }
        int[] ids = encodeAll(tokenizer, values, vocab);
        int whole = ids.length;
        while (ids.length > budget) {
            String longest = values.keySet().stream().max(Comparator.comparingInt(f -> values.get(f).length())).orElse(null);
            if (longest == null || values.get(longest).isEmpty()) {
                throw new TrainingException("the prompt template \"" + text + "\" needs " + ids.length
                        + " tokens even with its fields emptied, more than the " + budget + " the context leaves");
            }
            String value = values.get(longest);
            int fits = 0, tooLong = value.codePointCount(0, value.length()); // code points kept: fits works, tooLong does not
            while (tooLong - fits > 1) {
                int mid = (fits + tooLong) >>> 1;
                values.put(longest, prefix(value, mid));
                if (encodeAll(tokenizer, values, vocab).length <= budget) fits = mid;
                else tooLong = mid;
            }
            values.put(longest, prefix(value, fits));
            ids = encodeAll(tokenizer, values, vocab);
        }
        return new Encoded(ids, whole - ids.length);
    }

    private static String prefix(String s, int codePoints) {
        return s.substring(0, s.offsetByCodePoints(0, codePoints));
    }

    /** The answer's ids after the prompt: one space and the answer, without special tokens. */
    public static int[] answer(Tokenizer tokenizer, String answer) {
        return tokenizer.encode(" " + answer, false);
    }

    private int[] encodeAll(Tokenizer tokenizer, Map<String, String> values, int vocab) {
        List<int[]> parts = new ArrayList<>();
        Tokenizer.PostProcessor post = tokenizer.postProcessor();
        if (post != null) parts.add(post.prefix());
        StringBuilder run = new StringBuilder();
        for (Segment s : segments) {
            switch (s) {
                case Text t -> run.append(t.text());
                case Field f -> run.append(values.get(f.name()));
                case Virtual v -> {
                    parts.add(tokens(tokenizer, run));
                    parts.add(new int[] {vocab + v.index()});
                }
            }
        }
        parts.add(tokens(tokenizer, run));
        int[] ids = new int[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, ids, at, p.length);
            at += p.length;
        }
        return ids;
    }

    private static int[] tokens(Tokenizer tokenizer, StringBuilder run) {
        String text = run.toString().strip();
        run.setLength(0);
        return text.isEmpty() ? new int[0] : tokenizer.encode(text, false);
    }
}

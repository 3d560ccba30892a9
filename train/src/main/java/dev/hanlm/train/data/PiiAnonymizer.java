package dev.hanlm.train.data;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces each piece of {@link PersonalData} in a document by a placeholder token naming its kind ({@code [전화번호]}),
 * so that the model learns where such data goes in a sentence but never a real number or address.
 */
public record PiiAnonymizer() implements Serializable {
    /** The text with placeholders, and how many of each kind were replaced (empty when none). */
    public record Anonymized(String text, Map<String, Long> replaced) implements Serializable {}

    public static String placeholder(String kind) {
        return "[" + kind + "]";
    }

    public Anonymized anonymize(String text) {
        List<TextSpan> spans = PersonalData.find(text);
        if (spans.isEmpty()) return new Anonymized(text, Map.of());
        StringBuilder out = new StringBuilder(text.length());
        Map<String, Long> replaced = new LinkedHashMap<>();
        int at = 0;
        for (TextSpan span : spans) {
            out.append(text, at, span.start()).append(placeholder(span.kind()));
            replaced.merge(span.kind(), 1L, Long::sum);
            at = span.end();
        }
        return new Anonymized(out.append(text, at, text.length()).toString(), replaced);
    }
}

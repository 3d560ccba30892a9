package dev.hanlm.tokenizer;

import java.util.List;

/**
 * The first pipeline stage. Every normalizer also applies the lone-surrogate rule: a UTF-16 surrogate
 * without its partner cannot be written as UTF-8, so it becomes U+FFFD before anything else happens.
 */
public sealed interface Normalizer {
    String apply(String text);

    default String normalize(String text) {
        return apply(replaceLoneSurrogates(text));
    }

    static Normalizer none() {
        return new Sequence(List.of());
    }

    /** Unicode normalization: NFC (the default: decomposed jamo become syllables), NFKC or NFD. */
    record Unicode(java.text.Normalizer.Form form) implements Normalizer {
        public String apply(String text) {
            return java.text.Normalizer.isNormalized(text, form) ? text : java.text.Normalizer.normalize(text, form);
        }
    }

    /** HF's Replace with a plain string pattern. */
    record Replace(String pattern, String content) implements Normalizer {
        public String apply(String text) {
            return text.replace(pattern, content);
        }
    }

    /** HF's Prepend: puts a prefix before any non-empty text (SentencePiece-style models). */
    record Prepend(String prefix) implements Normalizer {
        public String apply(String text) {
            return text.isEmpty() ? text : prefix + text;
        }
    }

    record Lowercase() implements Normalizer {
        public String apply(String text) {
            return text.toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Sequence(List<Normalizer> steps) implements Normalizer {
        public String apply(String text) {
            for (Normalizer step : steps) text = step.apply(text);
            return text;
        }
    }

    static String replaceLoneSurrogates(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lone = Character.isHighSurrogate(c)
                    ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
            if (Character.isHighSurrogate(c) && !lone) {
                if (out != null) out.append(c).append(text.charAt(i + 1));
                i++;
                continue;
            }
            if (lone && out == null) out = new StringBuilder(text.length()).append(text, 0, i);
            if (out != null) out.append(lone ? '\uFFFD' : c);
        }
        return out == null ? text : out.toString();
    }
}

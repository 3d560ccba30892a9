package dev.hanlm.train.data;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Normalizes a document, runs the filters in order (the first that drops it names the reason), then replaces personal
 * data in what is kept when an anonymizer is given (null: none).
 */
public record DocumentCleaner(DocumentNormalizer normalizer, List<DocumentFilter> filters, PiiAnonymizer anonymizer)
        implements Serializable {
    /** The cleaned text, null or the reason it was dropped, and the personal data replaced in it by kind. */
    public record Cleaned(String text, String dropReason, Map<String, Long> piiReplaced) implements Serializable {
        public boolean kept() {
            return dropReason == null;
        }
    }

    public DocumentCleaner {
        filters = List.copyOf(filters);
    }

    public Cleaned clean(String raw) {
        String text = normalizer.normalize(raw);
        for (DocumentFilter filter : filters) if (!filter.keep(text)) return new Cleaned(text, filter.reason(), Map.of());
        if (anonymizer == null) return new Cleaned(text, null, Map.of());
        PiiAnonymizer.Anonymized anonymized = anonymizer.anonymize(text);
        return new Cleaned(anonymized.text(), null, anonymized.replaced());
    }
}

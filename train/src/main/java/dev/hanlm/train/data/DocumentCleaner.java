package dev.hanlm.train.data;

import java.io.Serializable;
import java.util.List;

/** Normalizes a document, then runs the filters in order; the first that drops it names the reason. */
public record DocumentCleaner(DocumentNormalizer normalizer, List<DocumentFilter> filters) implements Serializable {
    /** The normalized text, and null or the reason it was dropped. */
    public record Cleaned(String text, String dropReason) {
        public boolean kept() {
            return dropReason == null;
        }
    }

    public DocumentCleaner {
        filters = List.copyOf(filters);
    }

    public Cleaned clean(String raw) {
        String text = normalizer.normalize(raw);
        for (DocumentFilter filter : filters) if (!filter.keep(text)) return new Cleaned(text, filter.reason());
        return new Cleaned(text, null);
    }
}

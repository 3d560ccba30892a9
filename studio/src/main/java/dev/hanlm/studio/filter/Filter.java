package dev.hanlm.studio.filter;

/** CLOVA Studio's AI filter: scores a text for one kind of unwanted content and says where it is. */
public interface Filter {
    /** Its name in a request's {@code ai_filters}. */
    String name();

    /** Judges an NFC-normalized text. */
    FilterResult check(String text);

    /** The score from which a text counts as caught (blocked or masked when asked); a request may override the classifier's. */
    default double threshold() {
        return FilterResult.THRESHOLD;
    }
}

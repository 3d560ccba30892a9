package dev.hanlm.studio.filter;

/** CLOVA Studio's AI filter: scores a text for one kind of unwanted content and says where it is. */
public interface Filter {
    /** Its name in a request's {@code ai_filters}. */
    String name();

    /** Judges an NFC-normalized text. */
    FilterResult check(String text);
}

package dev.hanlm.studio.filter;

import dev.hanlm.train.data.ProfanityLexicon;

/**
 * Korean profanity by the badwords-ko lexicon: the corpus pipeline's {@link ProfanityLexicon} (evasions through
 * spaces and digits, innocent words such as {@code 시발점} left alone), reported as spans to mask or block.
 */
public final class ProfanityFilter implements Filter {
    public static final String NAME = "profanity";

    private final ProfanityLexicon lexicon;

    private ProfanityFilter(ProfanityLexicon lexicon) {
        this.lexicon = lexicon;
    }

    /** The shipped lexicon. */
    public static ProfanityFilter load() {
        return new ProfanityFilter(ProfanityLexicon.shipped());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FilterResult check(String text) {
        return FilterResult.of(lexicon.find(text).stream().map(Span::of).toList());
    }
}

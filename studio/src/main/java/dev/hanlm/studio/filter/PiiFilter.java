package dev.hanlm.studio.filter;

import dev.hanlm.train.data.PersonalData;

/**
 * Korean personal information by pattern: the corpus pipeline's {@link PersonalData} (e-mail, resident registration,
 * card, phone, passport, driver's licence and bank account numbers, each checked where a check exists). What each
 * pattern takes and leaves is listed in {@code docs/DATA.md}, "Personal data".
 */
public final class PiiFilter implements Filter {
    public static final String NAME = "pii";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FilterResult check(String text) {
        return FilterResult.of(PersonalData.find(text).stream().map(Span::of).toList());
    }
}

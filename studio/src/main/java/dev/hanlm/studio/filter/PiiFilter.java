package dev.hanlm.studio.filter;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Korean personal information by pattern, each kind checked where a check exists, so that dates, order numbers and
 * other digit runs are left alone. The kinds are tried in order and a later kind cannot take digits an earlier one
 * took. What each pattern takes and leaves is listed in {@code docs/SERVING.md}, "Filters".
 */
public final class PiiFilter implements Filter {
    public static final String NAME = "pii";

    /** Not inside a longer run of digits, letters or dash-joined groups. */
    private static final String BEFORE = "(?<![0-9A-Za-z-])", AFTER = "(?![0-9A-Za-z]|-[0-9])";

    private record Kind(String name, Pattern pattern, Predicate<String> valid) {
        Kind(String name, String regex, Predicate<String> valid) {
            this(name, Pattern.compile(BEFORE + "(?:" + regex + ")" + AFTER), valid);
        }
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("이메일", "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}", s -> true),
            new Kind("주민등록번호", "\\d{6}-?[1-4]\\d{6}", PiiFilter::validResidentNumber),
            new Kind("카드번호", "\\d{13,19}|\\d{4}([- ])\\d{4}\\1\\d{4}\\1\\d{1,7}|\\d{4}([- ])\\d{6}\\2\\d{4,5}", PiiFilter::luhn),
            // mobile 010/011/016-019, separators optional; +82 drops the leading 0
            new Kind("전화번호", "(?:\\+82[-. ]?0?|0)1[016789][-. ]?\\d{3,4}[-. ]?\\d{4}", s -> true),
            // landlines (02 Seoul, 031-064 the provinces, 070 internet) need separators: bare digit runs are too common
            new Kind("전화번호", "(?:\\+82[-. ]?|\\(?0)(?:2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70)\\)?[-. ]\\d{3,4}[-. ]\\d{4}", s -> true),
            new Kind("계좌번호", accountFormats("3-2-6", "3-3-6", "3-6-5", "4-3-6", "6-2-6", "4-2-7", "3-4-4-2", "3-6-2-3"), s -> true));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FilterResult check(String text) {
        List<Span> found = new ArrayList<>();
        for (Kind kind : KINDS) {
            Matcher m = kind.pattern.matcher(text);
            while (m.find()) {
                Span span = new Span(m.start(), m.end(), kind.name);
                if (kind.valid.test(m.group()) && found.stream().noneMatch(s -> s.start() < span.end() && span.start() < s.end())) {
                    found.add(span);
                }
            }
        }
        return FilterResult.of(found);
    }

    /** Digit groups joined by dashes, as "3-2-6" says, one alternative per format. */
    private static String accountFormats(String... formats) {
        List<String> regexes = new ArrayList<>();
        for (String format : formats) {
            List<String> groups = new ArrayList<>();
            for (String length : format.split("-")) groups.add("\\d{" + length + "}");
            regexes.add(String.join("-", groups));
        }
        return String.join("|", regexes);
    }

    /**
     * YYMMDD-GNNNNNN: G is 1 or 2 for births in the 1900s, 3 or 4 in the 2000s, and the date must exist. Numbers
     * issued before October 2020 end in a check digit: (11 - Σ wᵢdᵢ mod 11) mod 10 over the first twelve digits with
     * weights 2..9, 2..5. Since then the last six digits are random, so for births from 2020-10 the check is skipped.
     */
    static boolean validResidentNumber(String match) {
        String digits = match.replace("-", "");
        int century = digits.charAt(6) <= '2' ? 1900 : 2000;
        LocalDate birth;
        try {
            birth = LocalDate.of(century + Integer.parseInt(digits.substring(0, 2)), Integer.parseInt(digits.substring(2, 4)),
                    Integer.parseInt(digits.substring(4, 6)));
        } catch (DateTimeException e) {
            return false;
        }
        if (!birth.isBefore(LocalDate.of(2020, 10, 1))) return true;
        int sum = 0;
        for (int i = 0; i < 12; i++) sum += (digits.charAt(i) - '0') * (2 + i % 8);
        return (11 - sum % 11) % 10 == digits.charAt(12) - '0';
    }

    /** The Luhn check of card numbers, over the digits of a match with its spaces or dashes. */
    static boolean luhn(String match) {
        String digits = match.replaceAll("[- ]", "");
        if (digits.length() < 13 || digits.length() > 19) return false;
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }
}

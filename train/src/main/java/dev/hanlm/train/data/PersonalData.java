package dev.hanlm.train.data;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Korean personal data found by pattern, each kind checked where a check exists, so that dates, order numbers and
 * other digit runs are left alone. The kinds are tried in order and a later kind cannot take characters an earlier one
 * took. Used by the corpus pipeline ({@link PiiAnonymizer}) and the Studio's PII filter; the patterns and what each
 * leaves alone are listed in {@code docs/DATA.md}, "Personal data".
 */
public final class PersonalData {
    public static final String EMAIL = "이메일", RESIDENT_NUMBER = "주민등록번호", CARD = "카드번호", PHONE = "전화번호",
            PASSPORT = "여권번호", DRIVER_LICENSE = "운전면허번호", ACCOUNT = "계좌번호";

    /** Not inside a longer run of digits, letters or dash-joined groups. */
    private static final String BEFORE = "(?<![0-9A-Za-z-])", AFTER = "(?![0-9A-Za-z]|-[0-9])";

    private record Kind(String name, Pattern pattern, Predicate<String> valid) {
        Kind(String name, String regex, Predicate<String> valid) {
            this(name, Pattern.compile(BEFORE + "(?:" + regex + ")" + AFTER), valid);
        }
    }

    private static final List<Kind> KINDS = List.of(
            new Kind(EMAIL, "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}", s -> true),
            new Kind(RESIDENT_NUMBER, "\\d{6}-?[1-4]\\d{6}", PersonalData::validResidentNumber),
            new Kind(CARD, "\\d{13,19}|\\d{4}([- ])\\d{4}\\1\\d{4}\\1\\d{1,7}|\\d{4}([- ])\\d{6}\\2\\d{4,5}", PersonalData::luhn),
            // mobile 010/011/016-019, separators optional; +82 drops the leading 0
            new Kind(PHONE, "(?:\\+82[-. ]?0?|0)1[016789][-. ]?\\d{3,4}[-. ]?\\d{4}", s -> true),
            // landlines (02 Seoul, 031-064 the provinces, 070 internet) need separators: bare digit runs are too common
            new Kind(PHONE, "(?:\\+82[-. ]?|\\(?0)(?:2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70)\\)?[-. ]\\d{3,4}[-. ]\\d{4}", s -> true),
            // a passport: its type letter (M multiple, S single, R residence, O official, D diplomatic, G government), then
            // 8 digits (before 2021) or 3 digits, a letter and 4 digits (since); upper case only, as printed
            new Kind(PASSPORT, "[MSRODG](?:\\d{8}|\\d{3}[A-Z]\\d{4})", s -> true),
            // a driver's licence: region 11-26 or 28 (or its name), year, serial, check: 11-19-123456-01
            new Kind(DRIVER_LICENSE, "(?:1[1-9]|2[0-68])-\\d{2}-\\d{6}-\\d{2}", s -> true),
            new Kind(DRIVER_LICENSE, "(?<=(?:서울|부산|경기|강원|충북|충남|전북|전남|경북|경남|제주|대구|인천|광주|대전|울산|경기남부|경기북부) ?)"
                    + "\\d{2}-\\d{6}-\\d{2}", s -> true),
            new Kind(ACCOUNT, accountFormats("3-2-6", "3-3-6", "3-6-5", "4-3-6", "6-2-6", "4-2-7", "3-4-4-2", "3-6-2-3"), s -> true));

    private PersonalData() {}

    /** Every piece of personal data in the text, in order of position, none overlapping. */
    public static List<TextSpan> find(String text) {
        List<TextSpan> found = new ArrayList<>();
        for (Kind kind : KINDS) {
            Matcher m = kind.pattern.matcher(text);
            while (m.find()) {
                TextSpan span = new TextSpan(m.start(), m.end(), kind.name);
                if (kind.valid.test(m.group()) && found.stream().noneMatch(span::overlaps)) found.add(span);
            }
        }
        found.sort(Comparator.comparingInt(TextSpan::start));
        return found;
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

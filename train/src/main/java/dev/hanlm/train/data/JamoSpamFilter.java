package dev.hanlm.train.data;

/**
 * Drops jamo spam ("ㅇㅇ ㄱㄱ ㅎㅎ ㅠㅠ"): documents where lone jamo make up more than {@code maxShare} of the
 * Hangul letters. A few ㅋㅋ beside real words stay. Documents without Hangul are left to the ratio filter.
 */
public record JamoSpamFilter(double maxShare) implements DocumentFilter {
    public String reason() {
        return "jamo_spam";
    }

    public boolean keep(String text) {
        long hangul = 0, jamo = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Hangul.isJamo(cp)) jamo++;
            if (Hangul.isHangul(cp)) hangul++;
        }
        return jamo <= maxShare * hangul;
    }
}

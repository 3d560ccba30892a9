package dev.hanlm.train.data;

/**
 * Drops mostly non-Korean documents: those where Hangul makes up less than {@code minRatio} of the letters.
 * Only letters count, so digits, punctuation and spaces neither help nor hurt; Hanja and Latin count
 * against. A document with no letters at all is dropped unless the ratio is 0.
 */
public record HangulRatioFilter(double minRatio) implements DocumentFilter {
    public String reason() {
        return "low_hangul_ratio";
    }

    public boolean keep(String text) {
        long letters = 0, hangul = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) continue;
            letters++;
            if (Hangul.isHangul(cp)) hangul++;
        }
        return letters == 0 ? minRatio == 0 : hangul >= minRatio * letters;
    }
}

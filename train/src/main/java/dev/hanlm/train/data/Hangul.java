package dev.hanlm.train.data;

/** Which code points are Korean letters: precomposed syllables, and jamo standing on their own. */
final class Hangul {
    private Hangul() {}

    static boolean isSyllable(int cp) {
        return cp >= 0xAC00 && cp <= 0xD7A3;
    }

    /** A lone jamo: compatibility jamo as typed (ㅋ, ㅠ), conjoining jamo that NFC left uncomposed, halfwidth jamo. */
    static boolean isJamo(int cp) {
        return cp >= 0x3131 && cp <= 0x318E || cp >= 0x1100 && cp <= 0x11FF || cp >= 0xA960 && cp <= 0xA97F
                || cp >= 0xD7B0 && cp <= 0xD7FF || cp >= 0xFFA0 && cp <= 0xFFDC;
    }

    static boolean isHangul(int cp) {
        return isSyllable(cp) || isJamo(cp);
    }
}

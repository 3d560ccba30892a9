package dev.hanlm.train.data;

/**
 * Drops repeated-character spam: documents where more than {@code maxShare} of the characters lie in runs of
 * one short unit (1 to {@value #MAX_UNIT} characters) repeated at least {@value #MIN_REPEATS} times in a row,
 * such as ㅋㅋㅋㅋㅋㅋㅋ, !!!!!!, "ㅋㅎㅋㅎㅋㅎㅋㅎ" or "좋아좋아좋아좋아". Units of only digits or spaces
 * (the zeros of 1000000) do not count.
 */
public record RepetitionFilter(double maxShare) implements DocumentFilter {
    static final int MAX_UNIT = 4;
    static final int MIN_REPEATS = 4;

    public String reason() {
        return "repetition";
    }

    public boolean keep(String text) {
        int[] cps = text.codePoints().toArray();
        return cps.length == 0 || repeatedShare(cps) <= maxShare;
    }

    /** The share of code points inside a repeated run. */
    static double repeatedShare(int[] cps) {
        boolean[] repeated = new boolean[cps.length];
        for (int unit = 1; unit <= MAX_UNIT; unit++) markRuns(cps, unit, repeated);
        int count = 0;
        for (boolean r : repeated) if (r) count++;
        return (double) count / cps.length;
    }

    private static void markRuns(int[] cps, int unit, boolean[] repeated) {
        int i = 0;
        while (i + unit < cps.length) {
            if (cps[i] != cps[i + unit]) {
                i++;
                continue;
            }
            int j = i;
            while (j + unit < cps.length && cps[j] == cps[j + unit]) j++;
            int length = j - i + unit; // cps[i, i + length) has period `unit`
            if (length / unit >= MIN_REPEATS && !onlyDigitsOrSpaces(cps, i, unit)) java.util.Arrays.fill(repeated, i, i + length, true);
            i = j + 1;
        }
    }

    private static boolean onlyDigitsOrSpaces(int[] cps, int from, int n) {
        for (int k = from; k < from + n; k++) if (!Character.isDigit(cps[k]) && !Character.isWhitespace(cps[k])) return false;
        return true;
    }
}

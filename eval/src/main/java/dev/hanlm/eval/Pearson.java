package dev.hanlm.eval;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pearson's correlation of generated numbers with gold scores (KLUE-STS's second metric). */
public final class Pearson {
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:\\.\\d+)?");

    private Pearson() {}

    /** Pearson's r of two equally long series; 0 when either is constant (r is undefined there). */
    public static double r(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException(x.length + " values against " + y.length);
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    /** The first number in a generated answer ("4.5점" gives 4.5), or NaN when there is none. */
    public static double firstNumber(String text) {
        Matcher m = NUMBER.matcher(text);
        return m.find() ? Double.parseDouble(m.group()) : Double.NaN;
    }
}

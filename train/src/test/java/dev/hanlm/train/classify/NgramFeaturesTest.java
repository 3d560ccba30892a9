package dev.hanlm.train.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NgramFeaturesTest {
    private static final NgramFeatures CHARS = new NgramFeatures(1 << 20, 1, 3, false);
    private static final NgramFeatures WITH_INITIALS = new NgramFeatures(1 << 20, 1, 3, true);

    @Test
    void countsEveryNgramOfTheNormalizedText() {
        // "ab a": 1-grams a b ' ' a, 2-grams ab 'b ' ' a', 3-grams 'ab ' 'b a': 9 n-grams, 8 distinct (a twice)
        NgramFeatures.Vector v = CHARS.of("  AB\t\ta ");
        assertEquals(8, v.index().length);
        double norm = 0;
        for (float x : v.value()) norm += x * x;
        assertEquals(1, norm, 1e-6);
        float max = 0;
        for (float x : v.value()) max = Math.max(max, x);
        assertEquals(2 / Math.sqrt(4 + 7), max, 1e-6);
        assertTrue(isAscending(v.index()));
    }

    @Test
    void fullWidthAndDecomposedFormsGiveTheSameFeatures() {
        assertSame(CHARS.of("ＡＢＣ 시발"), CHARS.of("abc \u1109\u1175\u1107\u1161\u11af"));
    }

    @Test
    void initialsMatchTypedConsonantsAndTenseSpellings() {
        NgramFeatures initialsOnly = new NgramFeatures(1 << 20, 5, 5, true); // character 5-grams: none in these texts
        assertSame(initialsOnly.of("씨발"), initialsOnly.of("ㅅㅂ"));
        assertSame(initialsOnly.of("시1발"), initialsOnly.of("ㅆ ㅂ"));
        assertEquals(0, new NgramFeatures(1 << 20, 5, 5, false).of("씨발").index().length);
    }

    @Test
    void theSkeletonAddsFeatures() {
        assertTrue(WITH_INITIALS.of("씨발 놈아").index().length > CHARS.of("씨발 놈아").index().length);
    }

    private static void assertSame(NgramFeatures.Vector a, NgramFeatures.Vector b) {
        assertArrayEquals(a.index(), b.index());
        assertArrayEquals(a.value(), b.value());
    }

    private static boolean isAscending(int[] a) {
        return Arrays.equals(a, Arrays.stream(a).sorted().distinct().toArray());
    }
}

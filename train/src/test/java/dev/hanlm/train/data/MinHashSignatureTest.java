package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MinHashSignatureTest {
    /** A random string of Hangul syllables: its 5-grams are all distinct, so overlaps are exactly what the test builds. */
    static String syllables(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) out.append((char) ('가' + random.nextInt(11172)));
        return out.toString();
    }

    private static double exactJaccard(String a, String b) {
        Set<String> x = shingles(a), y = shingles(b), union = new HashSet<>(x);
        union.addAll(y);
        x.retainAll(y);
        return x.size() / (double) union.size();
    }

    private static Set<String> shingles(String text) {
        Set<String> set = new HashSet<>();
        for (int i = 0; i + MinHashSignature.SHINGLE <= text.length(); i++) set.add(text.substring(i, i + MinHashSignature.SHINGLE));
        return set;
    }

    @Test
    void theEstimateFollowsTheExactJaccardOfTheShingleSets() {
        Random random = new Random(7);
        double totalError = 0;
        int pairs = 0;
        for (int shared = 0; shared <= 400; shared += 20) {
            // two texts with a common middle of `shared` characters and their own ends
            String middle = syllables(random, shared);
            String a = syllables(random, 200) + middle, b = middle + syllables(random, 200);
            double exact = exactJaccard(a, b), estimate = MinHashSignature.similarity(MinHashSignature.of(a), MinHashSignature.of(b));
            // 128 hashes: one standard deviation is at most 0.044
            assertEquals(exact, estimate, 0.15, "shared " + shared);
            totalError += estimate - exact;
            pairs++;
        }
        assertEquals(0, totalError / pairs, 0.03, "the estimate is unbiased");
    }

    @Test
    void identicalTextsHaveEqualSignaturesAndBands() {
        String text = syllables(new Random(1), 300);
        assertArrayEquals(MinHashSignature.of(text), MinHashSignature.of(new String(text.toCharArray())));
        assertEquals(1.0, MinHashSignature.similarity(MinHashSignature.of(text), MinHashSignature.of(text)));
        assertArrayEquals(MinHashSignature.bandKeys(MinHashSignature.of(text)), MinHashSignature.bandKeys(MinHashSignature.of(text)));
    }

    @Test
    void aShortTextIsOneShingle() {
        assertEquals(1.0, MinHashSignature.similarity(MinHashSignature.of("안녕"), MinHashSignature.of("안녕")));
        assertTrue(MinHashSignature.similarity(MinHashSignature.of("안녕"), MinHashSignature.of("잘가")) < 0.1);
    }

    @Test
    void theBandingCurveIsTheDocumentedOne() {
        // 1 - (1 - J^8)^16: the chance that two documents of Jaccard J share a band
        assertEquals(0.06, sharesABand(0.5), 0.005);
        assertEquals(0.95, sharesABand(0.8), 0.005);
        assertEquals(0.9997, sharesABand(0.9), 0.0005);
    }

    private static double sharesABand(double jaccard) {
        return 1 - Math.pow(1 - Math.pow(jaccard, MinHashSignature.ROWS), MinHashSignature.BANDS);
    }
}

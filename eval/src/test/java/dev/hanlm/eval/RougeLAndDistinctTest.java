package dev.hanlm.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RougeLAndDistinctTest {
    @Test
    void rougeLMatchesHandComputedValues() {
        // hyp "the cat sat on mat", ref "the cat is on the mat": LCS "the cat on mat" = 4; P = 4/5, R = 4/6, F = 8/11
        assertEquals(8.0 / 11, RougeL.f1(List.of("the", "cat", "sat", "on", "mat"), List.of("the", "cat", "is", "on", "the", "mat")), 1e-12);
        // characters: 여름 세일 vs 여름 특가 세일 -> 여,름,세,일 all common: P = 4/4, R = 4/6, F = 0.8
        assertEquals(80.0, RougeL.corpus(List.of("여름 세일"), List.of("여름 특가 세일"), Bleu.Tokenization.CHAR), 1e-9);
        // mean over segments: 100 (identical) and 0 (nothing shared)
        assertEquals(50.0, RougeL.corpus(List.of("a b", "c"), List.of("a b", "d"), Bleu.Tokenization.THIRTEEN_A), 1e-9);
        assertEquals(0, RougeL.f1(List.of(), List.of("x")));
    }

    @Test
    void lcsIsTheLongestCommonSubsequenceNotSubstring() {
        assertEquals(3, RougeL.lcs(List.of("a", "x", "b", "y", "c"), List.of("a", "b", "c")));
        assertEquals(2, RougeL.lcs(List.of("b", "a", "c"), List.of("a", "b", "c")));
    }

    @Test
    void distinctNCountsNgramsWithinEachText() {
        // words: "a b a" and "a b": unigrams a,b,a,a,b -> 2 distinct of 5; bigrams ab,ba,ab -> 2 of 3
        List<String> texts = List.of("a b a", "a b");
        assertEquals(40.0, DistinctN.of(texts, 1, null), 1e-9);
        assertEquals(200.0 / 3, DistinctN.of(texts, 2, null), 1e-9);
        // characters: 좋아 좋아요 -> 좋,아,좋,아,요: 3 distinct of 5
        assertEquals(60.0, DistinctN.of(List.of("좋아 좋아요"), 1, Bleu.Tokenization.CHAR), 1e-9);
        assertEquals(0, DistinctN.of(List.of("a"), 2, null));
    }
}

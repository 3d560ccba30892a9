package dev.hanlm.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Corpus BLEU against sacreBLEU 2.6.0's numbers for fixed segments (tools/make_bleu_golden.py). */
class BleuTest {
    @Test
    void matchesSacreBleu() throws IOException {
        JsonNode golden;
        try (InputStream in = BleuTest.class.getResourceAsStream("/bleu-golden.json")) {
            golden = new ObjectMapper().readTree(in);
        }
        for (JsonNode c : golden.get("cases")) {
            Bleu.Tokenization t = c.get("tokenize").asText().equals("char") ? Bleu.Tokenization.CHAR : Bleu.Tokenization.THIRTEEN_A;
            Bleu.Score s = Bleu.corpus(strings(c.get("hypotheses")), strings(c.get("references")), t);
            String name = c.get("hypotheses").get(0).asText();
            assertEquals(c.get("bleu").asDouble(), s.bleu(), 1e-9, name);
            assertArrayEquals(ints(c.get("counts")), s.correct(), name);
            assertArrayEquals(ints(c.get("totals")), s.total(), name);
            assertEquals(c.get("sys_len").asLong(), s.hypothesisLength(), name);
            assertEquals(c.get("ref_len").asLong(), s.referenceLength(), name);
        }
    }

    @Test
    void thirteenASplitsSymbolsButNotNumbers() {
        assertEquals("He paid $ 1,200.50 for it , didn't he ?", Bleu.Tokenization.THIRTEEN_A.tokenize("He paid $1,200.50 for it, didn't he?"));
        assertEquals("the 110 - million & more", Bleu.Tokenization.THIRTEEN_A.tokenize("the 110-million &amp; more"));
        assertEquals("고 양 이 . A", Bleu.Tokenization.CHAR.tokenize("고양 이. A"));
    }

    @Test
    void identicalCorporaScoreOneHundred() {
        assertEquals(100.0, Bleu.corpus(List.of("a b c d e"), List.of("a b c d e"), Bleu.Tokenization.THIRTEEN_A).bleu(), 1e-9);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }
}

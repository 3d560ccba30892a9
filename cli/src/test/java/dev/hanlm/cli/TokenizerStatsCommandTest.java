package dev.hanlm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerStatsCommandTest {
    /** Two sentences of KLUE-DP v1.1 dev (CC BY-SA 4.0, KLUE benchmark), as the file writes them. */
    static final String KLUE = """
            ## 칼럼명 : INDEX\tWORD_FORM\tLEMMA\tPOS\tHEAD\tDEPREL
            ## klue-dp-v1_dev_00000_wikitree\t'K팝스타3’ 유희열이 홍정희의 탈락에 눈물을 흘렸다.
            1\t'K팝스타3’\t' K 팝스타 3 ’\tSS+SL+NNP+SN+SS\t2\tNP
            2\t유희열이\t유희열 이\tNNP+JKS\t6\tNP_SBJ
            3\t홍정희의\t홍정희 의\tNNP+JKG\t4\tNP_MOD
            4\t탈락에\t탈락 에\tNNG+JKB\t6\tNP_AJT
            5\t눈물을\t눈물 을\tNNG+JKO\t6\tNP_OBJ
            6\t흘렸다.\t흘리 었 다 .\tVV+EP+EF+SF\t0\tVP

            ## klue-dp-v1_dev_00002_wikitree\t아이는 예정보다 일찍 태어나 병원에서 치료를 받던 상황이었다.
            1\t아이는\t아이 는\tNNG+JX\t4\tNP_SBJ
            2\t예정보다\t예정 보다\tNNG+JKB\t4\tNP_AJT
            3\t일찍\t일찍\tMAG\t4\tAP
            4\t태어나\t태어나 아\tVV+EC\t7\tVP
            5\t병원에서\t병원 에서\tNNG+JKB\t7\tNP_AJT
            6\t치료를\t치료 를\tNNG+JKO\t7\tNP_OBJ
            7\t받던\t받 던\tVV+ETM\t8\tVP_MOD
            8\t상황이었다.\t상황 이 었 다 .\tNNG+VCP+EP+EF+SF\t0\tVNP
            """;
    static final String FIRST = "'K팝스타3’ 유희열이 홍정희의 탈락에 눈물을 흘렸다.";
    static final String SECOND = "아이는 예정보다 일찍 태어나 병원에서 치료를 받던 상황이었다.";

    @TempDir
    static Path dir;
    static Path klue;
    static Path bytesOnly;

    @BeforeAll
    static void prepare() throws IOException {
        klue = Files.writeString(dir.resolve("klue-dp.tsv"), KLUE);
        Path corpus = Files.writeString(dir.resolve("corpus.txt"), FIRST + "\n" + SECOND + "\n");
        bytesOnly = dir.resolve("bytes");
        // 256 bytes + <|endoftext|>: no room for a merge, so every token is one byte
        CliRun run = CliRun.of("tokenizer", "train", "--input", corpus.toString(), "--vocab-size", "257",
                "--no-morpheme-aware", "--output", bytesOnly.toString());
        assertEquals(0, run.exitCode(), run.err());
    }

    @Test
    void klueDpJsonWithAByteTokenizer() throws IOException {
        CliRun run = CliRun.of("tokenizer", "stats", "--tokenizer", bytesOnly.toString(), "--input", klue.toString(), "--klue-dp", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("klue-dp", json.path("reference").asText());
        assertEquals("byte-level BPE", json.path("kind").asText());
        assertEquals(2, json.path("texts").asLong());
        assertEquals(30 + 34, json.path("characters").asLong());
        assertEquals(6 + 8, json.path("words").asLong());
        long bytes = (FIRST + SECOND).getBytes(StandardCharsets.UTF_8).length;
        assertEquals(bytes, json.path("tokens").asLong());
        // every Hangul syllable (20 + 26) and the closing quote ’ are 3 bytes that are not whole characters
        assertEquals(3 * (20 + 26 + 1), json.path("fallback_tokens").asLong());
        // hand-counted: 4 + 1 + 1 + 1 + 1 + 2 in the first sentence, 1 + 1 + 1 + 1 + 1 + 4 in the second
        assertEquals(10 + 9, json.path("boundaries").asLong());
        assertEquals(0, json.path("crossing_tokens").asLong());
        assertEquals((double) bytes / 64, json.path("tokens_per_character").asDouble(), 1e-12);
        assertEquals((double) bytes / 14, json.path("tokens_per_word").asDouble(), 1e-12);
    }

    @Test
    void theBundledTokenizerKeepsMorphemesApart() {
        CliRun run = CliRun.of("tokenizer", "stats", "--input", klue.toString(), "--klue-dp");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("morpheme-aware byte-level BPE"), run.out());
        assertTrue(run.out().contains("measured: 2 texts, 64 characters, 14 words"), run.out());
        assertTrue(run.out().contains("KLUE-DP gold, 19 boundaries"), run.out());
        assertTrue(run.out().contains("byte-fallback tokens: 0.0000% (0)"), run.out());
    }

    @Test
    void noriIsTheDefaultReferenceForPlainText() throws IOException {
        Path text = Files.writeString(dir.resolve("plain.txt"), FIRST + "\n" + SECOND + "\n" + "세 번째 문장.\n");
        CliRun run = CliRun.of("tokenizer", "stats", "--tokenizer", bytesOnly.toString(), "--input", text.toString(), "--json", "--limit", "2");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("nori", json.path("reference").asText());
        assertEquals(2, json.path("texts").asLong());
        assertEquals(2, json.path("reference_texts").asLong());
        assertTrue(json.path("boundaries").asLong() >= 15, run.out());
        assertEquals(0, json.path("crossing_tokens").asLong());

        CliRun none = CliRun.of("tokenizer", "stats", "--tokenizer", bytesOnly.toString(), "--input", text.toString(), "--json", "--no-morphemes");
        assertEquals(0, none.exitCode(), none.err());
        JsonNode plain = new ObjectMapper().readTree(none.out());
        assertEquals(3, plain.path("texts").asLong());
        assertFalse(plain.has("crossing_share"));
    }

    @Test
    void userMistakesAreOneLine() throws IOException {
        CliRun missing = CliRun.of("tokenizer", "stats", "--tokenizer", bytesOnly.toString(), "--input", dir.resolve("nope.txt").toString());
        assertEquals(UserErrors.USER_ERROR, missing.exitCode());
        assertTrue(missing.err().startsWith("hanlm: ") && missing.err().contains("nope.txt"), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());

        Path plain = Files.writeString(dir.resolve("not-klue.txt"), "1\t그냥 문장\n");
        CliRun notKlue = CliRun.of("tokenizer", "stats", "--tokenizer", bytesOnly.toString(), "--input", plain.toString(), "--klue-dp");
        assertEquals(UserErrors.USER_ERROR, notKlue.exitCode());
        assertTrue(notKlue.err().contains("not-klue.txt line 1"), notKlue.err());
    }
}

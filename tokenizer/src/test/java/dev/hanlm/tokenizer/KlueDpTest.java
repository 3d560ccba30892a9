package dev.hanlm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KlueDpTest {
    private static final Path SAMPLE = TestCorpus.resource("klue/klue-dp-v1.1-dev-first30.tsv");

    private static int[] cuts(String form, String lemmas) {
        return KlueDp.lemmaBoundaries(form, List.of(lemmas.split(" ")));
    }

    @Test
    void lemmasThatMatchTheSurfaceAreCutFromTheFront() {
        assertArrayEquals(new int[] {3}, cuts("유희열이", "유희열 이"));
        assertArrayEquals(new int[] {1, 2, 5, 6}, cuts("'K팝스타3’", "' K 팝스타 3 ’"));
        assertArrayEquals(new int[] {1, 2}, cuts("최씨와", "최 씨 와"));
        assertArrayEquals(new int[] {2, 3, 4, 5}, cuts("상황이었다.", "상황 이 었 다 ."));
    }

    @Test
    void contractedMiddlesGetNoBoundaryButTheEndsMatchBackward() {
        // 흘리+었 became 흘렸: no cut inside 흘렸, but 다 and . match from the end
        assertArrayEquals(new int[] {2, 3}, cuts("흘렸다.", "흘리 었 다 ."));
        // 인정 from the front, 다 . from the back, 하+였 = 했 in between
        assertArrayEquals(new int[] {2, 3, 4}, cuts("인정했다.", "인정 하 였 다 ."));
        assertArrayEquals(new int[] {1}, cuts("봤다는", "보 았 다는"));
        assertArrayEquals(new int[] {2}, cuts("공정한", "공정 하 ㄴ"));
        assertArrayEquals(new int[] {}, cuts("대한", "대하 ㄴ"));
        assertArrayEquals(new int[] {}, cuts("깨져", "깨지 어"));
        // the front match took the whole word: 아 has nothing left to match
        assertArrayEquals(new int[] {}, cuts("태어나", "태어나 아"));
        assertArrayEquals(new int[] {}, cuts("일찍", "일찍"));
    }

    @Test
    void theBackwardWalkNeverOverlapsTheForwardOne() {
        // front takes 가; 나 then fails; back takes 가 (the last lemma) but must stop before 가나 overlaps the front
        assertArrayEquals(new int[] {1}, cuts("가가", "가 나 가가"));
    }

    @Test
    void readsTheSampleSentencesAndWords() throws IOException {
        List<KlueDp.Sentence> sentences = KlueDp.read(SAMPLE);
        assertEquals(30, sentences.size());
        KlueDp.Sentence first = sentences.get(0);
        assertEquals("klue-dp-v1_dev_00000_wikitree", first.id());
        assertEquals("'K팝스타3’ 유희열이 홍정희의 탈락에 눈물을 흘렸다.", first.text());
        assertEquals(6, first.words().size());
        assertEquals(new KlueDp.Word("흘렸다.", List.of("흘리", "었", "다", ".")), first.words().get(5));
        assertTrue(sentences.get(29).id().startsWith("klue-dp-v1_dev_00029_"), sentences.get(29).id());
    }

    @Test
    void sentenceBoundariesAreOffsetsOfTheSentence() throws IOException {
        List<KlueDp.Sentence> sentences = KlueDp.read(SAMPLE);
        // 'K팝스타3’ 유희열이 홍정희의 탈락에 눈물을 흘렸다.
        // 0123456 7 8901 2 3456 7 890 1 234 5 6789
        //               1          2          3
        assertEquals(bits(1, 2, 5, 6, 11, 16, 20, 24, 28, 29), sentences.get(0).boundaries());
        // 아이는 예정보다 일찍 태어나 병원에서 치료를 받던 상황이었다.
        // 아이|는 예정|보다 일찍 태어나 병원|에서 치료|를 받|던 상황|이|었|다|.
        assertEquals(bits(2, 6, 18, 23, 26, 30, 31, 32, 33), sentences.get(2).boundaries());
        for (KlueDp.Sentence s : sentences) {
            BitSet b = s.boundaries();
            for (int at = b.nextSetBit(0); at >= 0; at = b.nextSetBit(at + 1)) {
                assertTrue(at > 0 && at < s.text().length() && s.text().charAt(at - 1) != ' ' && s.text().charAt(at) != ' ',
                        s.id() + " has a boundary at " + at + " that is not inside a word");
            }
        }
    }

    @Test
    void aWordWhoseFormDiffersFromTheSentenceGetsNoBoundaries() {
        // KLUE writes 15.70% in the word line where the sentence says 15.7%
        var s = new KlueDp.Sentence("x", "하수도 15.7% 인상하며", List.of(
                new KlueDp.Word("하수도", List.of("하수", "도")),
                new KlueDp.Word("15.70%", List.of("15.70", "%")),
                new KlueDp.Word("인상하며", List.of("인상", "하", "며"))));
        assertEquals(bits(2, 12, 13), s.boundaries());
    }

    @Test
    void aFileWithoutSentencesIsAUserError(@TempDir Path dir) throws IOException {
        Path notKlue = Files.writeString(dir.resolve("plain.txt"), "1\tword\n");
        TokenizerException e = assertThrows(TokenizerException.class, () -> KlueDp.read(notKlue));
        assertTrue(e.getMessage().contains("plain.txt line 1"), e.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.tsv"), "## just a comment\n");
        assertThrows(TokenizerException.class, () -> KlueDp.read(empty));
    }

    private static BitSet bits(int... offsets) {
        BitSet b = new BitSet();
        for (int o : offsets) b.set(o);
        return b;
    }
}

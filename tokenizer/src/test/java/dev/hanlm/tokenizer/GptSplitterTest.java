package dev.hanlm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written GPT-2 scanner against GPT-2's own pattern, run by java.util.regex. */
class GptSplitterTest {
    /** Unicode White_Space, which is what {@code \s} means to Oniguruma, the engine HF tokenizers uses. */
    private static final String WS = "\\t\\n\\x0B\\f\\r\\x20\\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";
    private static final Pattern GPT2 = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^" + WS + "\\p{L}\\p{N}]+|[" + WS + "]+(?![^" + WS + "])|[" + WS + "]+");

    private final GptSplitter splitter = new GptSplitter();

    @Test
    void matchesTheRegexOnCorpusLines() {
        List<String> lines = new ArrayList<>(TestCorpus.lines(TestCorpus.nsmc()));
        lines.addAll(TestCorpus.lines(TestCorpus.kowiki()));
        for (String line : lines) assertEquals(reference(line), pieces(line), () -> RandomText.escape(line));
        // whole documents too, so that newlines and blank lines are inside the text
        String wiki = String.join("\n", TestCorpus.lines(TestCorpus.kowiki()));
        assertEquals(reference(wiki), pieces(wiki));
    }

    @Test
    void matchesTheRegexOnRandomText() {
        long seed = 7;
        RandomText random = new RandomText(seed);
        for (int i = 0; i < 20_000; i++) {
            String s = random.next(16);
            int n = i;
            assertEquals(reference(s), pieces(s), () -> "seed " + seed + ", case " + n + ": " + RandomText.escape(s));
        }
    }

    @Test
    void koreanWordsKeepTheirParticlesAndLeadingSpace() {
        assertEquals(List.of("유희열이", " 눈물을", " 흘렸다", "."), pieces("유희열이 눈물을 흘렸다."));
    }

    @Test
    void numbersAndPunctuationAreSeparatePieces() {
        assertEquals(List.of("1999", "년", " 3", ".", "5", "점", "!!", " ㅋㅋ"), pieces("1999년 3.5점!! ㅋㅋ"));
        assertEquals(List.of("it", "'s", " you", "'ll", " see", "'"), pieces("it's you'll see'"));
    }

    @Test
    void aSpaceRunGivesItsLastSpaceToTheNextWord() {
        assertEquals(List.of("영화", "   ", " 최고"), pieces("영화    최고"));
        // only a plain space joins the word after it; a tab does not
        assertEquals(List.of("\n\n", " 다음", " ", "\t", "줄"), pieces("\n\n 다음 \t줄"));
    }

    @Test
    void trailingSpacesStayTogether() {
        assertEquals(List.of("끝", "   "), pieces("끝   "));
        assertEquals(List.of("끝", "\u3000\u00A0 "), pieces("끝\u3000\u00A0 "));
    }

    @Test
    void addPrefixSpaceAddsOneSpaceOnlyWhenMissing() {
        GptSplitter prefixed = new GptSplitter(true);
        assertEquals(" 안녕", prefixed.prepare("안녕", true));
        assertEquals(" 안녕", prefixed.prepare(" 안녕", true));
        assertEquals("", prefixed.prepare("", true));
    }

    private List<String> pieces(String s) {
        List<String> out = new ArrayList<>();
        splitter.split(s, (start, end) -> out.add(s.substring(start, end)));
        return out;
    }

    /** The pattern's matches in order; the pattern covers every character, so they must tile the text. */
    private static List<String> reference(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = GPT2.matcher(s);
        int last = 0;
        while (m.find()) {
            assertEquals(last, m.start(), () -> "the reference pattern skipped text in " + RandomText.escape(s));
            out.add(m.group());
            last = m.end();
        }
        assertEquals(s.length(), last);
        return out;
    }
}

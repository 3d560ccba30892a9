package dev.hanlm.train.ptune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.train.TrainingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The p-tuning template over the byte-level test tokenizer (vocab 257: id 0 end of text, byte b is id b + 1), so that
 * every expected id can be written down: parsing and its errors, encoding with virtual ids and trimmed white space,
 * truncation to a budget, the default template around a task's own, and the answer's ids.
 */
class PromptTemplateTest {
    private static final int V = TinyModel.VOCAB;
    private static final Tokenizer TOKENIZER = TinyModel.tokenizer();
    private static final String SMALL = "[P0] ab {x} [P1] c: {label}";

    /** The ids of {@code text}'s UTF-8 bytes in the test tokenizer (byte b is id b + 1). */
    private static int[] bytes(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) ids[i] = (b[i] & 0xff) + 1;
        return ids;
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }

    private static void assertRefused(String template, String why) {
        TrainingException e = assertThrows(TrainingException.class, () -> PromptTemplate.parse(template));
        assertTrue(e.getMessage().contains(why), () -> "'" + e.getMessage() + "' does not say '" + why + "'");
        assertTrue(e.getMessage().contains("\"" + template + "\""), () -> "'" + e.getMessage() + "' does not quote the template");
    }

    private static void assertMessage(String part, Executable call) {
        TrainingException e = assertThrows(TrainingException.class, call);
        assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' does not say '" + part + "'");
    }

    // --- parsing

    @Test
    void aVirtualTokenTwiceIsRefused() {
        assertRefused("[P0] [P0] {label}", "virtual token P0 appears twice");
        assertRefused("[P0..P2] x [P1] {label}", "virtual token P1 appears twice");
    }

    @Test
    void aGapInTheVirtualTokensIsRefused() {
        assertRefused("[P0] [P2] {label}", "its virtual tokens must be P0 to P1 without gaps");
        assertRefused("[P1] {x} {label}", "its virtual tokens must be P0 to P0 without gaps");
    }

    @Test
    void aRangeCountingDownIsRefused() {
        assertRefused("[P3..P1] {label}", "[P3..P1] counts down");
    }

    @Test
    void aTemplateWithoutTheLabelIsRefused() {
        assertRefused("[P0] 리뷰: {document}", "it has no {label}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"[P0] {label} 감정", "[P0] {label} {document}", "[P0] {label} [P1]", "[P0] {label}{label}"})
    void aLabelBeforeTheEndIsRefused(String template) {
        assertRefused(template, "{label} must end the template");
    }

    @Test
    void aTemplateWithoutVirtualTokensIsRefused() {
        assertRefused("리뷰: {document} 감정: {label}", "it has no virtual tokens");
    }

    @Test
    void trailingWhiteSpaceAfterTheLabelIsAccepted() {
        assertEquals(1, PromptTemplate.parse("[P0] {label} \n").virtualTokens());
    }

    @Test
    void virtualTokensAndFields() {
        String text = "[P0..P3] 리뷰: {document} [P4..P7] 감정: {label}";
        PromptTemplate template = PromptTemplate.parse(text);
        assertEquals(8, template.virtualTokens());
        assertEquals(List.of("document"), template.fields());
        assertEquals(text, template.text());
        PromptTemplate two = PromptTemplate.parse("[P1] {title} / [P0] {body}: {label}");
        assertEquals(2, two.virtualTokens());
        assertEquals(List.of("title", "body"), two.fields());
    }

    // --- encoding

    @Test
    void encodesVirtualIdsAndTheTextBetweenThem() {
        PromptTemplate.Encoded e = PromptTemplate.parse(SMALL).encode(TOKENIZER, Map.of("x", "zz"), V, 100);
        int[] expected = concat(new int[] {V}, bytes("ab zz"), new int[] {V + 1}, bytes("c:"));
        assertArrayEquals(new int[] {257, 98, 99, 33, 123, 123, 258, 100, 59}, expected); // the helper itself
        assertArrayEquals(expected, e.ids());
        assertFalse(e.truncated());
        assertEquals(0, e.cutTokens());
        // exactly at the budget is not truncated
        PromptTemplate.Encoded exact = PromptTemplate.parse(SMALL).encode(TOKENIZER, Map.of("x", "zz"), V, expected.length);
        assertArrayEquals(expected, exact.ids());
        assertFalse(exact.truncated());
    }

    @Test
    void whiteSpaceNextToMarkersAndBeforeTheLabelIsTrimmed() {
        int[] expected = PromptTemplate.parse(SMALL).encode(TOKENIZER, Map.of("x", "zz"), V, 100).ids();
        PromptTemplate spaced = PromptTemplate.parse("  [P0]\n\t ab {x}  \n[P1]   c:\t \n{label}");
        assertArrayEquals(expected, spaced.encode(TOKENIZER, Map.of("x", "zz"), V, 100).ids());
        // white space inside the text and a field's own edges next to text stay
        int[] inner = PromptTemplate.parse("[P0] a  b{x} [P1] {label}").encode(TOKENIZER, Map.of("x", " z "), V, 100).ids();
        assertArrayEquals(concat(new int[] {V}, bytes("a  b z"), new int[] {V + 1}), inner);
        // adjacent markers have nothing between them
        int[] adjacent = PromptTemplate.parse("[P0..P2]{x}[P3] {label}").encode(TOKENIZER, Map.of("x", "q"), V, 100).ids();
        assertArrayEquals(new int[] {V, V + 1, V + 2, 'q' + 1, V + 3}, adjacent);
    }

    @Test
    void virtualIdsFollowTheGivenVocabAndTheirOrderInTheTemplate() {
        int[] ids = PromptTemplate.parse("[P1] a [P0] {label}").encode(TOKENIZER, Map.of(), 1000, 100).ids();
        assertArrayEquals(new int[] {1001, 'a' + 1, 1000}, ids);
    }

    @Test
    void encodesKoreanAsItsUtf8Bytes() {
        PromptTemplate template = PromptTemplate.parse("[P0..P3] 리뷰: {document} [P4..P7] 감정: {label}");
        int[] ids = template.encode(TOKENIZER, Map.of("document", "좋다"), V, 100).ids();
        int[] expected = concat(new int[] {V, V + 1, V + 2, V + 3}, bytes("리뷰: 좋다"), new int[] {V + 4, V + 5, V + 6, V + 7},
                bytes("감정:"));
        assertArrayEquals(expected, ids);
        assertArrayEquals(TOKENIZER.encode("리뷰: 좋다", false), Arrays.copyOfRange(ids, 4, 4 + bytes("리뷰: 좋다").length));
    }

    @Test
    void theTokenizersPrefixComesFirst() {
        Tokenizer withBos = new Tokenizer(TOKENIZER.normalizer(), TOKENIZER.basePreTokenizer(), TOKENIZER.model(),
                TOKENIZER.decoder(), TOKENIZER.addedTokens(), null, new Tokenizer.PostProcessor(new int[] {0}, new int[] {0}, null));
        int[] ids = PromptTemplate.parse(SMALL).encode(withBos, Map.of("x", "zz"), V, 100).ids();
        assertArrayEquals(concat(new int[] {0, V}, bytes("ab zz"), new int[] {V + 1}, bytes("c:")), ids);
    }

    @Test
    void aMissingFieldIsNamed() {
        assertMessage("{x}", () -> PromptTemplate.parse(SMALL).encode(TOKENIZER, Map.of("y", "zz"), V, 100));
        assertMessage("[y]", () -> PromptTemplate.parse(SMALL).encode(TOKENIZER, Map.of("y", "zz"), V, 100));
    }

    @Test
    void extraFieldsAreIgnored() {
        int[] ids = PromptTemplate.parse(SMALL).encode(TOKENIZER, Map.of("x", "zz", "label", "yes", "y", "w"), V, 100).ids();
        assertArrayEquals(concat(new int[] {V}, bytes("ab zz"), new int[] {V + 1}, bytes("c:")), ids);
    }

    @Test
    void virtualTokenIndicesHaveALimit() {
        assertMessage("virtual token P1000 is beyond P999", () -> PromptTemplate.parse("[P0..P1000] {label}"));
        assertMessage("virtual token P99999999999 is beyond P999", () -> PromptTemplate.parse("[P99999999999] {label}"));
    }

    // --- truncation

    @Test
    void aLongFieldIsShortenedFromItsEndToFitTheBudget() {
        String x = "z".repeat(30) + "END";
        int budget = 12;
        PromptTemplate.Encoded e = PromptTemplate.parse(SMALL).encode(TOKENIZER, Map.of("x", x), V, budget);
        int[] ids = e.ids();
        assertTrue(e.truncated());
        assertTrue(ids.length <= budget, () -> ids.length + " ids, over the budget of " + budget);
        // the whole prompt is [P0] + "ab " + 33 bytes + [P1] + "c:" = 40 ids
        assertEquals(40 - ids.length, e.cutTokens());
        // it starts with the virtual token and the text before the field, and ends with the fixed text after it
        int[] head = concat(new int[] {V}, bytes("ab "));
        assertArrayEquals(head, Arrays.copyOf(ids, head.length));
        int[] tail = concat(new int[] {V + 1}, bytes("c:"));
        assertArrayEquals(tail, Arrays.copyOfRange(ids, ids.length - tail.length, ids.length));
        // what is left of the field is its beginning
        int[] kept = Arrays.copyOfRange(ids, head.length, ids.length - tail.length);
        assertTrue(kept.length >= 1, "the field was cut more than it had to be: " + Arrays.toString(ids));
        assertTrue(IntStream.of(kept).allMatch(id -> id == 'z' + 1), () -> Arrays.toString(ids));
    }

    @Test
    void aKoreanFieldOfSeveralTokensPerCharacterKeepsAllThatFits() {
        // byte-level: each Hangul syllable is 3 ids; [P0] "ab " + field + [P1] "c:" leaves 40 - 7 = 33 ids = 11 syllables
        String x = "좋".repeat(20);
        PromptTemplate.Encoded e = PromptTemplate.parse(SMALL).encode(TOKENIZER, Map.of("x", x, "unused", "q".repeat(10_000)), V, 40);
        assertEquals(concat(new int[] {V}, bytes("ab " + "좋".repeat(11)), new int[] {V + 1}, bytes("c:")).length, e.ids().length);
        assertEquals(27, e.cutTokens());
    }

    @Test
    void anEmojiIsNeverSplit() {
        PromptTemplate.Encoded e = PromptTemplate.parse(SMALL).encode(TOKENIZER, Map.of("x", "😀".repeat(5)), V, 7 + 9);
        assertArrayEquals(concat(new int[] {V}, bytes("ab 😀😀"), new int[] {V + 1}, bytes("c:")), e.ids());
    }

    @Test
    void theLongestFieldIsTheOneShortened() {
        PromptTemplate template = PromptTemplate.parse("[P0] {a} | {b} [P1] {label}");
        String a = "short", b = "y".repeat(40);
        PromptTemplate.Encoded e = template.encode(TOKENIZER, Map.of("a", a, "b", b), V, 20);
        assertTrue(e.truncated());
        assertTrue(e.ids().length <= 20, Arrays.toString(e.ids()));
        int[] head = concat(new int[] {V}, bytes("short | y"));
        assertArrayEquals(head, Arrays.copyOf(e.ids(), head.length));
        assertEquals(V + 1, e.ids()[e.ids().length - 1]);
    }

    @Test
    void aTemplateThatCannotFitEvenWithEmptyFieldsIsRefused() {
        // [P0] ab [P1] c: is 6 ids with the field empty
        assertMessage("needs 6 tokens even with its fields emptied, more than the 5",
                () -> PromptTemplate.parse(SMALL).encode(TOKENIZER, Map.of("x", "z".repeat(40)), V, 5));
        // with the field already empty, and with no field at all
        assertMessage("more than the 5", () -> PromptTemplate.parse(SMALL).encode(TOKENIZER, Map.of("x", ""), V, 5));
        assertMessage("needs 7 tokens", () -> PromptTemplate.parse("[P0] abcdef {label}").encode(TOKENIZER, Map.of(), V, 3));
        // 6 fits
        assertArrayEquals(concat(new int[] {V}, bytes("ab"), new int[] {V + 1}, bytes("c:")),
                PromptTemplate.parse(SMALL).encode(TOKENIZER, Map.of("x", "z".repeat(40)), V, 6).ids());
    }

    // --- the default template and the answer

    @Test
    void aroundPutsHalfTheVirtualTokensBeforeTheTaskTemplateAndHalfAfterItsLastField() {
        String task = "리뷰: {document}\n감정:";
        PromptTemplate eight = PromptTemplate.around(task, 8);
        assertEquals("[P0..P3] 리뷰: {document} [P4..P7]\n감정: {label}", eight.text());
        assertEquals(8, eight.virtualTokens());
        assertEquals(List.of("document"), eight.fields());
        assertEquals("[P0] 리뷰: {document}\n감정: {label}", PromptTemplate.around(task, 1).text());
        assertEquals("[P0] 리뷰: {document} [P1]\n감정: {label}", PromptTemplate.around(task, 2).text());
        assertEquals("[P0..P1] 리뷰: {document} [P2]\n감정: {label}", PromptTemplate.around(task, 3).text());
        assertEquals(3, PromptTemplate.around(task, 3).virtualTokens());
        assertEquals("[P0] 문장 1: {a}\n문장 2: {b} [P1]\n같은가? {label}", PromptTemplate.around("문장 1: {a}\n문장 2: {b}\n같은가?", 2).text());
        assertEquals("[P0] 요약하라: [P1] {label}", PromptTemplate.around("요약하라:", 2).text());
    }

    @Test
    void aroundRefusesNoVirtualTokens() {
        assertMessage("at least 1, not 0", () -> PromptTemplate.around("리뷰: {document}\n감정:", 0));
        assertMessage("at least 1, not -2", () -> PromptTemplate.around("리뷰: {document}\n감정:", -2));
    }

    @Test
    void aroundATaskTemplateWithItsOwnLabelIsRefused() {
        assertMessage("{label} must end the template", () -> PromptTemplate.around("{label} {document}", 2));
    }

    @Test
    void theAnswerIsOneSpaceAndTheAnswerText() {
        assertArrayEquals(new int[] {' ' + 1, 'y' + 1, 'e' + 1, 's' + 1}, PromptTemplate.answer(TOKENIZER, "yes"));
        assertArrayEquals(bytes(" 긍정"), PromptTemplate.answer(TOKENIZER, "긍정"));
    }
}

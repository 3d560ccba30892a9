package dev.hanlm.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Demonstration sampling and the rule for prompts that do not fit the context. */
class PromptsTest {
    @TempDir
    static Path tmp;
    static Tokenizer tokenizer;
    static List<Example> items;
    static Task nsmc = Tasks.named("nsmc");

    @BeforeAll
    static void load() throws Exception {
        tokenizer = Tokenizer.load(TinyModel.write(tmp.resolve("m")));
        items = Datasets.nsmc(DatasetsTest.resource("nsmc-sample.txt"));
    }

    @Test
    void shotsNeverContainTheItemAndDependOnlyOnTheSeed() {
        ShotSampler a = new ShotSampler(40, 3), b = new ShotSampler(40, 3), c = new ShotSampler(40, 4);
        for (int item = 0; item < 40; item++) {
            List<Integer> shots = a.shots(item, 5);
            assertEquals(5, shots.size());
            assertFalse(shots.contains(item));
            assertEquals(5, new HashSet<>(shots).size());
            assertEquals(shots, b.shots(item, 5));
        }
        assertFalse(a.shots(0, 5).equals(c.shots(0, 5)) && a.shots(1, 5).equals(c.shots(1, 5)), "another seed, other shots");
        assertEquals(3, new ShotSampler(4, 1).shots(2, 10).size(), "a small pool gives what it has");
    }

    @Test
    void mostItemsShareOneDemonstrationBlock() {
        ShotSampler s = new ShotSampler(40, 1);
        long distinct = java.util.stream.IntStream.range(0, 40).mapToObj(i -> s.shots(i, 3)).distinct().count();
        assertTrue(distinct <= 4, "the first k of the order get the k+1-th instead: " + distinct);
    }

    @Test
    void promptTextShowsDemonstrationsWithTheirVerbalizers() {
        String text = new Prompts(nsmc, tokenizer, 1024).text(List.of(items.get(0), items.get(1)), items.get(2).fields());
        assertEquals("리뷰: 굳 ㅋ\n감정: 긍정\n\n리뷰: GDNTOPCLASSINTHECLUB\n감정: 부정\n\n리뷰: "
                + items.get(2).fields().get("document") + "\n감정:", text);
    }

    @Test
    void shotsAreDroppedFromTheEndUntilThePromptFits() {
        List<Example> shots = items.subList(10, 20);
        Map<String, String> fields = items.get(3).fields();
        int room = 2;
        Prompts.Prompt all = new Prompts(nsmc, tokenizer, 100_000).fit(shots, fields, room);
        assertEquals(10, all.shots());
        Prompts.Prompt fitted = new Prompts(nsmc, tokenizer, TinyModel.CONTEXT).fit(shots, fields, room);
        assertTrue(fitted.shots() < 10 && fitted.ids().length + room <= TinyModel.CONTEXT);
        int[] withOneMore = tokenizer.encode(new Prompts(nsmc, tokenizer, 0).text(shots.subList(0, fitted.shots() + 1), fields), true);
        assertTrue(withOneMore.length + room > TinyModel.CONTEXT, "the largest number of shots that fits is kept");
        assertEquals(0, fitted.truncated());
    }

    @Test
    void anItemTooLongAloneKeepsItsLastTokens() {
        Map<String, String> fields = Map.of("document", "아주 긴 리뷰 ".repeat(100));
        int[] whole = tokenizer.encode(new Prompts(nsmc, tokenizer, 0).text(List.of(), fields), true);
        Prompts.Prompt p = new Prompts(nsmc, tokenizer, TinyModel.CONTEXT).fit(List.of(items.get(1)), fields, 3);
        assertEquals(0, p.shots());
        assertEquals(TinyModel.CONTEXT - 3, p.ids().length);
        assertEquals(whole.length - p.ids().length, p.truncated());
        assertEquals(whole[whole.length - 1], p.ids()[p.ids().length - 1]);
    }
}

package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NearDuplicatesTest {
    private static List<String> corpus() {
        Random random = new Random(11);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) texts.add(MinHashSignatureTest.syllables(random, 400));
        // planted: a repost with a new signature line, and one with a changed sentence in the middle
        texts.add(texts.get(3) + "\n출처: 어느 카페");
        texts.add(texts.get(17).substring(0, 200) + "이 문장만 바뀌었다" + texts.get(17).substring(210));
        return texts;
    }

    private static List<Boolean> run(List<String> texts) {
        NearDuplicates near = new NearDuplicates();
        return texts.stream().map(near::seenBefore).toList();
    }

    @Test
    void thePlantedRepostsAreFoundAndTheDistinctTextsKept() {
        List<Boolean> seen = run(corpus());
        for (int i = 0; i < 40; i++) assertFalse(seen.get(i), "distinct text " + i);
        assertTrue(seen.get(40), "the repost with a signature");
        assertTrue(seen.get(41), "the repost with a changed sentence");
    }

    @Test
    void theFirstOfAPairIsKeptWhicheverComesFirst() {
        List<String> texts = corpus();
        List<String> reversed = new ArrayList<>(texts.reversed());
        List<Boolean> seen = run(reversed);
        assertFalse(seen.get(0), "the repost, now first");
        assertTrue(seen.get(reversed.indexOf(texts.get(3))), "the original, now later");
    }

    @Test
    void theSameInputGivesTheSameAnswers() {
        assertEquals(run(corpus()), run(corpus()));
    }

    @Test
    void aTextOnOneTopicIsNotANearDuplicate() {
        NearDuplicates near = new NearDuplicates();
        assertFalse(near.seenBefore("서울은 대한민국의 수도이며 가장 큰 도시이다. 한강이 도시를 가로질러 흐른다."));
        assertFalse(near.seenBefore("부산은 대한민국 제2의 도시이며 가장 큰 항구 도시이다. 낙동강이 도시 서쪽을 흐른다."));
    }
}

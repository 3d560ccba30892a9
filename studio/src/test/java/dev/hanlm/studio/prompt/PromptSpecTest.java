package dev.hanlm.studio.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hanlm.studio.SamplingParams;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptSpecTest {
    @Test
    void rendersInstructionExamplesAndInputInStudioLayout() {
        PromptSpec spec = PromptSpec.of(" 영화 리뷰의 감정을 분류하세요. ",
                List.of(new PromptExample("재밌어요", "긍정 "), new PromptExample(" 지루해요", "부정")));
        assertEquals("""
                영화 리뷰의 감정을 분류하세요.

                입력: 재밌어요
                출력: 긍정
                ###
                입력: 지루해요
                출력: 부정
                ###
                입력: 최고의 영화
                출력:""", spec.render("최고의 영화 "));
    }

    @Test
    void withoutInstructionOrExamplesOnlyTheInputTurnRemains() {
        PromptSpec spec = new PromptSpec("", List.of(), "Q", "A", "---");
        assertEquals("Q: 한국의 수도는?\nA:", spec.render("한국의 수도는?"));
        assertEquals(List.of("---", "\nQ:"), spec.stopSequences());
    }

    @Test
    void parametersTakeClovaDefaultsAndAddThePromptStopsOnce() {
        StudioParameters params = new StudioParameters(null, null, null, null, null, List.of("끝", "###"), null, null, 7L);
        SamplingParams sampling = params.sampling(PromptSpec.of("", List.of()).stopSequences(), 3);
        assertEquals(32, sampling.maxTokens());
        assertEquals(0.5, sampling.temperature());
        assertEquals(0.8, sampling.topP());
        assertEquals(0, sampling.topK());
        assertEquals(5.0, sampling.repetitionPenalty());
        assertEquals(List.of("끝", "###", "\n입력:"), sampling.stop());
        assertEquals(7L, sampling.seed());
        assertEquals(3, sampling.logprobs());
    }
}

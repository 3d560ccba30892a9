package dev.hanlm.studio.eventtitle;

import dev.hanlm.studio.Backend;
import dev.hanlm.studio.Completion;
import dev.hanlm.studio.CompletionListener;
import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.TokenLogprobs;
import dev.hanlm.studio.prompt.PromptExample;
import dev.hanlm.studio.prompt.PromptSpec;
import dev.hanlm.studio.prompt.StudioParameters;
import java.util.ArrayList;
import java.util.List;

/**
 * Titles few-shot: a Studio prompt with an instruction and example (fields -> title) pairs, {@code n} choices from any
 * backend, with the backend's log-probabilities when it gives them.
 */
public final class FewShotTitles implements TitleSource {
    /** The settings {@code hanlm app event-title} and the Studio's preset start from. */
    public static final StudioParameters DEFAULTS = new StudioParameters(24, 0.7, 0, 0.9, 5.0, null, null, null, null);
    /** Examples in the prompt: two, since the bundled model's context is 256 tokens. */
    public static final int SHOTS = 2;
    public static final String INSTRUCTION = "상품과 행사 정보로 쇼핑 기획전 제목을 짓습니다. 짧고 눈에 띄게, 숫자는 정보에 있는 것만 씁니다.";

    private final Backend backend;
    private final PromptSpec spec;

    public FewShotTitles(Backend backend, List<TitledEvent> examples) {
        this.backend = backend;
        this.spec = prompt(examples);
    }

    /** The prompt with these examples: what the CLI runs and the Studio's event-title preset shows. */
    public static PromptSpec prompt(List<TitledEvent> examples) {
        return PromptSpec.of(INSTRUCTION, examples.stream().map(e -> new PromptExample(e.fields().describe(), e.title())).toList());
    }

    @Override
    public List<Draft> draw(EventFields fields, int n, StudioParameters parameters) {
        List<String> stops = new ArrayList<>(spec.stopSequences());
        stops.add("\n");
        CompletionRequest request = new CompletionRequest(backend.id(), new CompletionRequest.TextPrompt(spec.render(fields.describe())), n,
                parameters.sampling(stops, 0), parameters.injectStartText(), "");
        Completion completion = backend.complete(request, CompletionListener.NONE);
        return completion.choices().stream().map(c -> new Draft(c.text(), meanLogprob(c.logprobs()))).toList();
    }

    static double meanLogprob(List<TokenLogprobs> tokens) {
        return tokens.stream().mapToDouble(t -> t.chosen().logprob()).average().orElse(Double.NaN);
    }
}

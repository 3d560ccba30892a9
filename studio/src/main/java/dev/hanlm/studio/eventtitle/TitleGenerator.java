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
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes event titles few-shot: a Studio prompt with an instruction and example (fields -> title) pairs, {@code n}
 * sampled choices, each cut at its first line. Candidates are ranked by the model's likelihood, the mean log-probability
 * per token of the choice (so a longer title is not punished for its length), after the rules: those that pass come
 * first. Duplicate texts are kept once.
 */
public final class TitleGenerator {
    public static final String INSTRUCTION = "상품과 행사 정보로 쇼핑 기획전 제목을 짓습니다. 짧고 눈에 띄게, 숫자는 정보에 있는 것만 씁니다.";

    private final Backend backend;
    private final PromptSpec spec;
    private final TitleRules rules;

    public TitleGenerator(Backend backend, List<TitledEvent> examples, TitleRules rules) {
        this.backend = backend;
        this.spec = PromptSpec.of(INSTRUCTION, examples.stream().map(e -> new PromptExample(e.fields().describe(), e.title())).toList());
        this.rules = rules;
    }

    public PromptSpec prompt() {
        return spec;
    }

    /** {@code n} candidates for {@code fields}, best first. */
    public List<TitleCandidate> candidates(EventFields fields, int n, StudioParameters parameters) {
        List<String> stops = new ArrayList<>(spec.stopSequences());
        stops.add("\n");
        CompletionRequest request = new CompletionRequest(backend.id(), new CompletionRequest.TextPrompt(spec.render(fields.describe())), n,
                parameters.sampling(stops, 0), parameters.injectStartText(), "");
        Completion completion = backend.complete(request, CompletionListener.NONE);
        Set<String> seen = new LinkedHashSet<>();
        List<TitleCandidate> out = new ArrayList<>();
        for (Completion.Choice choice : completion.choices()) {
            String text = choice.text().strip().lines().findFirst().orElse("").strip(); // a backend may ignore the stop at a newline
            if (text.isEmpty() || !seen.add(text)) continue;
            out.add(new TitleCandidate(text, meanLogprob(choice.logprobs()), rules.violations(text, fields)));
        }
        out.sort(Comparator.comparing(TitleCandidate::passes).reversed().thenComparing(Comparator.comparingDouble(TitleCandidate::score).reversed()));
        return out;
    }

    static double meanLogprob(List<TokenLogprobs> tokens) {
        if (tokens.isEmpty()) return Double.NEGATIVE_INFINITY;
        return tokens.stream().mapToDouble(t -> t.chosen().logprob()).average().orElseThrow();
    }
}

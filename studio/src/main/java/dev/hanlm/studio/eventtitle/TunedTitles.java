package dev.hanlm.studio.eventtitle;

import dev.hanlm.engine.GeneratedToken;
import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.GenerationResult;
import dev.hanlm.engine.Generator;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.studio.prompt.StudioParameters;
import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.train.ptune.TunedPrompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Titles from a p-tuned prompt (hanlm ptune with eventtitle/title-task.json): its virtual tokens take the place of the
 * instruction and examples. The template's fields are the event's JSONL members (product, brand, discount, period,
 * category). It runs on the local model the prompt was tuned on, choice {@code i} with seed {@code seed + i} as a
 * backend draws {@code n}.
 */
public final class TunedTitles implements TitleSource {
    private final LanguageModel model;
    private final TunedPrompt prompt;

    /** {@code model} is the prompt's view of its model ({@link TunedPrompt#applyTo}). */
    public TunedTitles(LanguageModel model, TunedPrompt prompt) {
        if (prompt.classification()) throw new IllegalArgumentException("the tuned prompt is a classifier's (" + prompt.task() + "), not a title generator's");
        List<String> unknown = prompt.template().fields().stream().filter(f -> !EventFields.NAMES.contains(f)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the tuned prompt's template has the fields " + unknown + "; an event has only " + EventFields.NAMES);
        }
        this.model = model;
        this.prompt = prompt;
    }

    @Override
    public List<Draft> draw(EventFields fields, int n, StudioParameters parameters) {
        Tokenizer tokenizer = model.tokenizer().orElseThrow(() -> new IllegalArgumentException("the model has no tokenizer to encode the event"));
        int context = model.config().contextLength(), maxTokens = Math.min(parameters.maxTokens(), context / 2);
        Map<String, String> values = fields.byName();
        int[] ids = prompt.template().encode(tokenizer, values, model.config().vocabSize(), context - maxTokens).ids();
        GenerationOptions options = parameters.generation(model.generationConfig(), List.of("\n")).withMaxTokens(maxTokens);
        Generator generator = new Generator(model);
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GenerationResult r = generator.generate(ids, options.withSeed(parameters.seed() == null ? null : parameters.seed() + i));
            drafts.add(new Draft(r.text(), r.tokens().stream().mapToDouble(GeneratedToken::logprob).average().orElse(Double.NaN)));
        }
        return drafts;
    }
}

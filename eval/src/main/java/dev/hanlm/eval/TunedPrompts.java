package dev.hanlm.eval;

import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.train.ptune.PromptTemplate;
import dev.hanlm.train.ptune.TunedPrompt;
import java.util.List;
import java.util.Map;

/**
 * Prompts from a p-tuned prompt's template, with its virtual tokens; no demonstrations (the tuned prompt replaces
 * them). A field too long for the context is shortened, as during tuning.
 */
final class TunedPrompts implements PromptWriter {
    private final TunedPrompt prompt;
    private final Tokenizer tokenizer;
    private final int vocab, context;

    TunedPrompts(TunedPrompt prompt, Tokenizer tokenizer, int vocab, int context) {
        this.prompt = prompt;
        this.tokenizer = tokenizer;
        this.vocab = vocab;
        this.context = context;
    }

    @Override
    public Prompts.Prompt fit(List<Example> shots, Map<String, String> fields, int room) {
        if (!shots.isEmpty()) throw new EvalException("a p-tuned prompt is evaluated zero-shot: its virtual tokens take the place of demonstrations");
        PromptTemplate.Encoded encoded = prompt.template().encode(tokenizer, fields, vocab, context - room);
        return new Prompts.Prompt(encoded.ids(), 0, encoded.cutTokens());
    }

    @Override
    public int[] continuation(String answer) {
        return PromptTemplate.answer(tokenizer, answer);
    }
}

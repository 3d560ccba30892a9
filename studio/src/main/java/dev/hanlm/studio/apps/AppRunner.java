package dev.hanlm.studio.apps;

import dev.hanlm.engine.ContinuationScore;
import dev.hanlm.engine.FinishReason;
import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.GenerationResult;
import dev.hanlm.engine.Generator;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.Scorer;
import dev.hanlm.studio.Backend;
import dev.hanlm.studio.Completion;
import dev.hanlm.studio.CompletionListener;
import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.LocalBackend;
import dev.hanlm.studio.RequestException;
import dev.hanlm.studio.filter.AiFilters;
import dev.hanlm.studio.prompt.StudioParameters;
import dev.hanlm.studio.server.ContentScreen;
import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.train.ptune.PromptTemplate;
import dev.hanlm.train.ptune.TunedPrompt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs an App's version on one input, as the playground would: the input screened by the App's filters, put into the
 * prompt ({@link dev.hanlm.studio.prompt.PromptSpec#render}) and completed by the version's model with its parameters;
 * the output screened and stripped of the space after the output label. A version with a tuned prompt puts the input
 * into the prompt's template instead and runs on the local model with its virtual tokens: a classifier answers with
 * its most likely label (p-tuning trains the choice, not the wording), anything else generates.
 */
public final class AppRunner {
    /** What a run gave: the completion (its one choice screened) and the filters' reports. */
    public record Answer(Completion completion, ContentScreen screen) {
        public Completion.Choice choice() {
            return completion.choices().getFirst();
        }
    }

    private final Map<String, Backend> backends;
    private final TunedPrompts tuned;
    /** A tuned prompt's view of its model, by model and prompt id: checking the model's identity hashes its weights. */
    private final Map<String, LanguageModel> views = new ConcurrentHashMap<>();

    public AppRunner(Map<String, Backend> backends, TunedPrompts tuned) {
        this.backends = backends;
        this.tuned = tuned;
    }

    /** Refuses (400/404) a spec that could not run: an unknown model or filter, a parameter out of range, a foreign prompt. */
    public void check(AppSpec spec) {
        backend(spec.model());
        spec.parameters().sampling(spec.prompt().stopSequences(), null);
        if (spec.filters() != null) {
            for (String name : concat(spec.filters().input(), spec.filters().output())) {
                if (!AiFilters.names().contains(name)) {
                    throw RequestException.invalid("spec.filters", "spec.filters names '" + name + "'; the filters are " + String.join(", ", AiFilters.names()));
                }
            }
        }
        if (spec.tunedPrompt() != null) view(spec);
    }

    public Answer run(AppSpec spec, String input) {
        Backend backend = backend(spec.model());
        ContentScreen screen = new ContentScreen(spec.filters());
        CompletionRequest screened = screen.input(CompletionRequest.of(spec.model(), new CompletionRequest.TextPrompt(input)));
        String text = ((CompletionRequest.TextPrompt) screened.prompt()).text();
        Completion completion = spec.tunedPrompt() == null ? prompted(backend, spec, text) : tuned(spec, text);
        Completion.Choice c = completion.choices().getFirst();
        Completion stripped = new Completion(List.of(new Completion.Choice(0, c.text().strip(), c.finishReason(), c.logprobs(), c.tokens())),
                completion.promptTokens(), completion.completionTokens());
        return new Answer(screen.output(stripped), screen);
    }

    private static Completion prompted(Backend backend, AppSpec spec, String input) {
        StudioParameters p = spec.parameters();
        CompletionRequest request = new CompletionRequest(spec.model(), new CompletionRequest.TextPrompt(spec.prompt().render(input)), 1,
                p.sampling(spec.prompt().stopSequences(), null), p.injectStartText(), p.injectRestartText());
        return backend.complete(request, CompletionListener.NONE);
    }

    /** Runs in one of the local model's places, beside the batched requests. */
    private Completion tuned(AppSpec spec, String input) {
        return local(spec).inTurn(() -> tunedInTurn(spec, input));
    }

    private Completion tunedInTurn(AppSpec spec, String input) {
        LanguageModel model = view(spec);
        TunedPrompt prompt = tuned.get(spec.tunedPrompt());
        Tokenizer tokenizer = model.tokenizer().orElseThrow();
        Map<String, String> fields = new HashMap<>();
        for (String field : prompt.template().fields()) fields.put(field, input);
        int context = model.config().contextLength(), vocab = model.config().vocabSize();
        if (prompt.classification()) {
            List<String> labels = List.copyOf(prompt.verbalizers().keySet());
            List<int[]> choices = labels.stream().map(l -> PromptTemplate.answer(tokenizer, prompt.verbalizers().get(l))).toList();
            int longest = choices.stream().mapToInt(c -> c.length).max().orElse(1);
            int[] ids = prompt.template().encode(tokenizer, fields, vocab, context - longest).ids();
            List<ContinuationScore> scores = new Scorer(model).scoreContinuations(ids, choices);
            int best = 0;
            for (int i = 1; i < scores.size(); i++) if (scores.get(i).sum() > scores.get(best).sum()) best = i;
            return new Completion(List.of(new Completion.Choice(0, labels.get(best), Completion.STOP, List.of(), choices.get(best).length)),
                    ids.length, choices.get(best).length);
        }
        StudioParameters p = spec.parameters();
        int maxTokens = Math.min(p.maxTokens(), context - 1);
        int[] ids = prompt.template().encode(tokenizer, fields, vocab, context - maxTokens).ids();
        GenerationOptions options = p.generation(model.generationConfig(), List.of()).withMaxTokens(maxTokens);
        GenerationResult result = new Generator(model).generate(ids, options);
        String finish = result.finishReason() == FinishReason.LENGTH ? Completion.LENGTH : Completion.STOP;
        return new Completion(List.of(new Completion.Choice(0, result.text(), finish, List.of(), result.tokens().size())),
                ids.length, result.tokens().size());
    }

    /** The model with the spec's tuned prompt, which must have been tuned on it. */
    private LanguageModel view(AppSpec spec) {
        TunedPrompt prompt = tuned.get(spec.tunedPrompt());
        LocalBackend local = local(spec);
        return views.computeIfAbsent(spec.model() + "/" + spec.tunedPrompt(), k -> {
            try {
                return prompt.applyTo(local.model(), tuned.dir(spec.tunedPrompt()));
            } catch (RuntimeException e) {
                throw RequestException.invalid("spec.tunedPrompt", e.getMessage());
            }
        });
    }

    private LocalBackend local(AppSpec spec) {
        if (!(backend(spec.model()) instanceof LocalBackend local)) {
            throw RequestException.invalid("spec.model", "a tuned prompt runs only on a local model, and '" + spec.model() + "' is remote");
        }
        return local;
    }

    private Backend backend(String model) {
        if (model == null) throw RequestException.invalid("spec.model", "spec.model is missing (GET /v1/models lists the models)");
        Backend backend = backends.get(model);
        if (backend == null) throw RequestException.modelNotFound(model);
        return backend;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

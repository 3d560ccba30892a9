package dev.hanlm.studio;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A backend that answers from a script: {@code answer} maps each request to its choices' texts (a choice's logprob per
 * character, for ranking tests, comes from {@code logprob}). It keeps every request, and like {@link LocalBackend} puts
 * the inject start text before a choice and the restart text after it.
 */
public final class ScriptedBackend implements Backend {
    private final Function<CompletionRequest, List<String>> answer;
    private final Function<String, Double> logprob;
    public final List<CompletionRequest> requests = new ArrayList<>();

    public ScriptedBackend(Function<CompletionRequest, List<String>> answer, Function<String, Double> logprob) {
        this.answer = answer;
        this.logprob = logprob;
    }

    /** Answers the same texts, one per choice, in turn, without log-probabilities. */
    public static ScriptedBackend replying(String... texts) {
        int[] next = {0};
        return new ScriptedBackend(r -> {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < r.n(); i++) out.add(texts[next[0]++ % texts.length]);
            return out;
        }, null);
    }

    public String lastPrompt() {
        return ((CompletionRequest.TextPrompt) requests.getLast().prompt()).text();
    }

    @Override
    public String id() {
        return "scripted";
    }

    @Override
    public Completion complete(CompletionRequest request, CompletionListener listener) {
        requests.add(request);
        List<Completion.Choice> choices = new ArrayList<>();
        for (String text : answer.apply(request)) {
            List<TokenLogprobs> tokens = new ArrayList<>();
            if (logprob != null && request.sampling().logprobs() != null) {
                double lp = logprob.apply(text);
                text.codePoints().forEach(c -> tokens.add(new TokenLogprobs(new Logprob(Character.toString(c), new byte[0], lp), List.of(), 0)));
            }
            String full = request.injectStartText() + text + request.injectRestartText();
            choices.add(new Completion.Choice(choices.size(), full, Completion.STOP, tokens, text.length()));
        }
        return new Completion(choices, 1, choices.size());
    }

    @Override
    public int waiting() {
        return 0;
    }

    @Override
    public void close() {}
}

package dev.hanlm.studio;

import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.FinishReason;
import dev.hanlm.engine.GeneratedToken;
import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.GenerationResult;
import dev.hanlm.engine.Generator;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.LoadOptions;
import dev.hanlm.engine.RepetitionPenalty;
import dev.hanlm.studio.CompletionRequest.ChatPrompt;
import dev.hanlm.studio.CompletionRequest.TextPrompt;
import dev.hanlm.studio.chat.ChatFormat;
import dev.hanlm.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model of this machine, run by the engine. One {@link Generator} serves every request, one request at a time in
 * arrival order (a {@link ModelQueue}, bounded and with a time limit per request): a generator's KV cache belongs to
 * one sequence. Prompts are encoded and checked against the context before the wait, so a bad request is refused at
 * once.
 *
 * <p>Defaults for what a request leaves out come from the model's {@code generation_config.json}; {@code max_tokens}
 * defaults to its {@code max_new_tokens}, else to OpenAI's 16 for a text prompt and to the rest of the context for a
 * conversation, and never to more than the context holds.
 */
public final class LocalBackend implements Backend {
    /** OpenAI's default {@code max_tokens} of {@code /v1/completions}. */
    static final int TEXT_MAX_TOKENS = 16;

    private final String id;
    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final ChatFormat chatFormat;
    private final Generator generator;
    private final ModelQueue queue;

    /** Loads the model in {@code dir} and serves it under the id {@code id}, its requests queued within {@code limits}. */
    public static LocalBackend load(String id, Path dir, LoadOptions options, ModelQueue.Limits limits) {
        LanguageModel model = LanguageModel.load(dir, options);
        try {
            return new LocalBackend(id, model, limits);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Serves {@code model} under the id {@code id}, its requests queued within {@code limits}; the backend closes the model. */
    public LocalBackend(String id, LanguageModel model, ModelQueue.Limits limits) {
        this.id = id;
        this.queue = new ModelQueue(id, limits);
        this.model = model;
        this.tokenizer = model.tokenizer().orElseThrow(() -> new EngineException("the model in " + model.directory()
                + " has no tokenizer.json, so it cannot be served over a text API"));
        this.chatFormat = ChatFormat.forModel(model.directory());
        this.generator = new Generator(model);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int waiting() {
        return queue.waiting();
    }

    @Override
    public Completion complete(CompletionRequest request, CompletionListener listener) {
        int[] prompt = encode(request);
        GenerationOptions options = options(request, prompt.length);
        try (ModelQueue.Turn turn = queue.enter()) {
            List<Completion.Choice> choices = new ArrayList<>();
            for (int i = 0; i < request.n(); i++) {
                Long seed = request.sampling().seed();
                turn.check();
                Completion.Choice choice = generate(i, prompt, options.withSeed(seed == null ? null : seed + i), request, listener, turn);
                listener.onChoiceEnd(choice);
                choices.add(choice);
            }
            return new Completion(choices, prompt.length, choices.stream().mapToInt(Completion.Choice::tokens).sum());
        }
    }

    /** The prompt's ids: a text as {@code tokenizer(text)}, a conversation through the chat format; then the start text. */
    private int[] encode(CompletionRequest request) {
        int[] ids = switch (request.prompt()) {
            case TextPrompt text -> tokenizer.encode(text.text() + request.injectStartText(), true);
            case ChatPrompt chat -> chatFormat.encode(tokenizer, chatFormat.render(chat.messages()) + request.injectStartText());
        };
        if (ids.length == 0) throw RequestException.invalid("prompt", "the prompt is empty; give some text to continue");
        return ids;
    }

    private GenerationOptions options(CompletionRequest request, int promptTokens) {
        SamplingParams s = request.sampling();
        GenerationOptions o = GenerationOptions.forModel(model.generationConfig());
        if (s.temperature() != null) o = o.withTemperature(s.temperature());
        if (s.topP() != null) o = o.withTopP(s.topP());
        if (s.topK() != null) o = o.withTopK(s.topK());
        if (s.repetitionPenalty() != null) o = o.withRepetitionPenalty(RepetitionPenalty.clova(s.repetitionPenalty()));
        List<String> stop = s.stop();
        if (request.prompt() instanceof ChatPrompt) {
            Stream<String> restart = request.injectRestartText().isEmpty() ? Stream.empty() : Stream.of(request.injectRestartText());
            stop = Stream.of(stop.stream(), chatFormat.stops().stream(), restart).flatMap(x -> x).distinct().toList();
        }
        return o.withMaxTokens(maxTokens(request, promptTokens)).withStop(stop)
                .withTopLogprobs(s.logprobs() == null ? 0 : s.logprobs());
    }

    /** What the request asks for if it fits the context, else its default within the room left. */
    private int maxTokens(CompletionRequest request, int promptTokens) {
        int context = model.config().contextLength();
        int room = context - promptTokens;
        String param = request.prompt() instanceof ChatPrompt ? "messages" : "prompt";
        if (room < 1) {
            throw RequestException.contextLength(param, "the prompt is " + promptTokens + " tokens, and the context of "
                    + id + " holds " + context + ": no room is left for a reply; shorten the prompt");
        }
        Integer asked = request.sampling().maxTokens();
        if (asked != null) {
            if (asked > room) {
                throw RequestException.contextLength("max_tokens", "the prompt is " + promptTokens + " tokens and max_tokens asks for "
                        + asked + " more, but the context of " + id + " holds " + context + "; ask for at most " + room);
            }
            return asked;
        }
        Integer configured = model.generationConfig().maxNewTokens();
        if (configured != null && configured > 0) return Math.min(configured, room);
        return request.prompt() instanceof TextPrompt ? Math.min(TEXT_MAX_TOKENS, room) : room;
    }

    private Completion.Choice generate(int index, int[] prompt, GenerationOptions options, CompletionRequest request,
                                       CompletionListener listener, ModelQueue.Turn turn) {
        boolean logprobs = request.sampling().logprobs() != null;
        StringBuilder text = new StringBuilder(request.injectStartText());
        List<TokenLogprobs> tokens = new ArrayList<>();
        if (!text.isEmpty()) listener.onDelta(index, text.toString(), List.of());
        GenerationResult result = generator.generate(prompt, options, (token, delta) -> {
            turn.check(); // throwing here stops the generation between tokens and frees the model
            List<TokenLogprobs> scored = logprobs ? List.of(logprobs(token, text.codePointCount(0, text.length()))) : List.of();
            tokens.addAll(scored);
            text.append(delta);
            listener.onDelta(index, delta, scored);
        });
        boolean ended = result.finishReason() != FinishReason.LENGTH;
        if (ended && request.prompt() instanceof TextPrompt && !request.injectRestartText().isEmpty()) {
            text.append(request.injectRestartText());
            listener.onDelta(index, request.injectRestartText(), List.of());
        }
        return new Completion.Choice(index, text.toString(), ended ? Completion.STOP : Completion.LENGTH, tokens,
                result.tokens().size());
    }

    private TokenLogprobs logprobs(GeneratedToken token, int textOffset) {
        List<Logprob> top = token.top().stream().map(t -> logprob(t.id(), t.logprob())).toList();
        return new TokenLogprobs(logprob(token.id(), token.logprob()), top, textOffset);
    }

    private Logprob logprob(int id, double logprob) {
        return new Logprob(tokenizer.tokenText(id), TokenBytes.of(tokenizer, id), logprob);
    }

    @Override
    public void endRequests() {
        queue.stop();
    }

    /** Ends the running generation at its next token and the waiting requests (503), then releases the model. */
    @Override
    public void close() {
        queue.stop();
        model.close();
    }
}

package dev.hanlm.studio;

import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.FinishReason;
import dev.hanlm.engine.GeneratedToken;
import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.GenerationResult;
import dev.hanlm.engine.GenerationListener;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.LoadOptions;
import dev.hanlm.studio.CompletionRequest.ChatPrompt;
import dev.hanlm.studio.CompletionRequest.TextPrompt;
import dev.hanlm.studio.chat.ChatFormat;
import dev.hanlm.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A model of this machine, run by the engine. Up to {@code maxBatch} requests generate together, batched step by step
 * ({@link ContinuousBatcher}); more wait in arrival order (a {@link ModelQueue}, bounded and with a time limit per
 * request). A request's choices are generated one after another, each as it would be alone; the request's thread
 * streams them to its listener, so a slow client holds up no one else, and one that is gone ends its generation at
 * the next step. Prompts are encoded and checked against the context before the wait, so a bad request is refused at
 * once.
 *
 * <p>Defaults for what a request leaves out come from the model's {@code generation_config.json}; {@code max_tokens}
 * defaults to its {@code max_new_tokens}, else to OpenAI's 16 for a text prompt and to the rest of the context for a
 * conversation, and never to more than the context holds.
 */
public final class LocalBackend implements Backend {
    /** OpenAI's default {@code max_tokens} of {@code /v1/completions}. */
    static final int TEXT_MAX_TOKENS = 16;
    /** How many requests generate together unless told otherwise. */
    public static final int DEFAULT_MAX_BATCH = 8;

    private final String id;
    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final ChatFormat chatFormat;
    private final ModelQueue queue;
    private final ContinuousBatcher batcher;

    /** {@link #load(String, Path, LoadOptions, ModelQueue.Limits, int)} with {@value #DEFAULT_MAX_BATCH} requests at a time. */
    public static LocalBackend load(String id, Path dir, LoadOptions options, ModelQueue.Limits limits) {
        return load(id, dir, options, limits, DEFAULT_MAX_BATCH);
    }

    /**
     * Loads the model in {@code dir} and serves it under the id {@code id}, up to {@code maxBatch} requests generating
     * together and the rest queued within {@code limits}.
     */
    public static LocalBackend load(String id, Path dir, LoadOptions options, ModelQueue.Limits limits, int maxBatch) {
        LanguageModel model = LanguageModel.load(dir, options);
        try {
            return new LocalBackend(id, model, limits, maxBatch);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** {@link #LocalBackend(String, LanguageModel, ModelQueue.Limits, int)} with {@value #DEFAULT_MAX_BATCH} requests at a time. */
    public LocalBackend(String id, LanguageModel model, ModelQueue.Limits limits) {
        this(id, model, limits, DEFAULT_MAX_BATCH);
    }

    /**
     * Serves {@code model} under the id {@code id}, up to {@code maxBatch} requests generating together and the rest
     * queued within {@code limits}; the backend closes the model.
     */
    public LocalBackend(String id, LanguageModel model, ModelQueue.Limits limits, int maxBatch) {
        this.id = id;
        this.queue = new ModelQueue(id, limits, maxBatch);
        this.model = model;
        this.tokenizer = model.tokenizer().orElseThrow(() -> new EngineException("the model in " + model.directory()
                + " has no tokenizer.json, so it cannot be served over a text API"));
        this.chatFormat = ChatFormat.forModel(model.directory());
        this.batcher = new ContinuousBatcher(id, model);
    }

    @Override
    public String id() {
        return id;
    }

    /**
     * The served model, for work beside the queue that needs the model itself (p-tuning it, a tuned prompt's view of
     * it); the engine's kernels take turns, so such work runs safely alongside requests.
     */
    public LanguageModel model() {
        return model;
    }

    /**
     * Runs work that uses the model itself (a tuned prompt's generation) in one of the model's places, so that it
     * waits its turn, is refused with 429 when the queue is full and counts like a request.
     */
    public <T> T inTurn(Supplier<T> work) {
        try (ModelQueue.Turn turn = queue.enter()) {
            turn.check();
            return work.get();
        }
    }

    @Override
    public Optional<List<String>> tokens(String text) {
        return Optional.of(Arrays.stream(tokenizer.encode(text, true)).mapToObj(tokenizer::tokenText).toList());
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
        GenerationOptions o = request.sampling().options(model.generationConfig());
        if (request.prompt() instanceof ChatPrompt) {
            Stream<String> restart = request.injectRestartText().isEmpty() ? Stream.empty() : Stream.of(request.injectRestartText());
            o = o.withStop(Stream.of(o.stop().stream(), chatFormat.stops().stream(), restart).flatMap(x -> x).distinct().toList());
        }
        return o.withMaxTokens(maxTokens(request, promptTokens));
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
        GenerationResult result = await(batcher.submit(prompt, options, turn), (token, delta) -> {
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

    /**
     * Passes the job's tokens to {@code onToken} as they come and returns its result. Whatever ends the wait early (the
     * listener throws because the client left) cancels the job, which frees its place in the batch at the next step.
     */
    private static GenerationResult await(ContinuousBatcher.Job job, GenerationListener onToken) {
        try {
            while (true) {
                switch (job.next()) {
                    case ContinuousBatcher.Token t -> onToken.onToken(t.token(), t.text());
                    case ContinuousBatcher.Done done -> {
                        return done.result();
                    }
                    case ContinuousBatcher.Failed failed -> throw failed.error();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RequestException.serverStopping();
        } finally {
            job.cancel();
        }
    }

    private TokenLogprobs logprobs(GeneratedToken token, int textOffset) {
        List<Logprob> top = token.top().stream().map(t -> logprob(t.id(), t.logprob())).toList();
        return new TokenLogprobs(logprob(token.id(), token.logprob()), top, textOffset);
    }

    private Logprob logprob(int id, double logprob) {
        return new Logprob(tokenizer.tokenText(id), TokenBytes.of(tokenizer, id), logprob);
    }

    @Override
    public Optional<BatchCounts> batching() {
        return Optional.of(batcher.counts());
    }

    /** The most requests that have generated together in one step so far. */
    int largestBatch() {
        return batcher.largestBatch();
    }

    @Override
    public void endRequests() {
        queue.stop();
    }

    /** Ends the running generations at their next token and the waiting requests (503), then releases the model. */
    @Override
    public void close() {
        queue.stop();
        batcher.close();
        model.close();
    }
}

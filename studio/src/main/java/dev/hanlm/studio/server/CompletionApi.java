package dev.hanlm.studio.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.Completion;
import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.RequestException;
import dev.hanlm.studio.SamplingParams;
import dev.hanlm.studio.TokenLogprobs;
import dev.hanlm.studio.filter.FilterSettings;
import java.util.List;

/**
 * One of OpenAI's two completion endpoints: how its request becomes a {@link CompletionRequest} and how a
 * {@link Completion} is written back, whole or as stream chunks. What the two share is here; each subclass says how
 * the prompt, the log-probabilities and the choices are written.
 */
abstract sealed class CompletionApi permits TextCompletionApi, ChatCompletionApi {
    /** OpenAI takes up to 4 stop sequences; hanlm a few more, but not so many that each token's check is slow. */
    static final int MAX_STOPS = 16;

    /** A parsed request and how to answer it; {@code filters} is null without {@code ai_filters}. */
    record Parsed(CompletionRequest request, boolean stream, boolean includeUsage, FilterSettings filters) {}

    /** The prefix of a response id: {@code cmpl-} or {@code chatcmpl-}. */
    final String idPrefix;
    /** The {@code object} of a whole response and of a stream chunk. */
    private final String object, chunkObject;

    CompletionApi(String idPrefix, String object, String chunkObject) {
        this.idPrefix = idPrefix;
        this.object = object;
        this.chunkObject = chunkObject;
    }

    final Parsed parse(JsonRequest body) {
        body.refuseUnless("logit_bias", n -> n.isObject() && n.isEmpty(), "token biases");
        body.refuseUnless("presence_penalty", n -> n.isNumber() && n.asDouble() == 0, "use repetition_penalty (CLOVA Studio's, 0..10)");
        body.refuseUnless("frequency_penalty", n -> n.isNumber() && n.asDouble() == 0, "use repetition_penalty (CLOVA Studio's, 0..10)");
        refuseUnsupported(body);
        String model = body.requiredString("model");
        Integer topK = body.integer("top_k");
        SamplingParams sampling = new SamplingParams(maxTokens(body), body.number("temperature"), body.number("top_p"),
                topK != null && topK == -1 ? Integer.valueOf(0) : topK, body.number("repetition_penalty"), body.strings("stop", MAX_STOPS),
                body.longInteger("seed"), logprobs(body));
        Integer n = body.integer("n");
        CompletionRequest request = new CompletionRequest(model, prompt(body), n == null ? 1 : n, sampling,
                body.string("inject_start_text"), body.string("inject_restart_text"));
        boolean stream = Boolean.TRUE.equals(body.bool("stream"));
        JsonRequest streamOptions = body.object("stream_options");
        if (streamOptions != null && !stream) throw RequestException.invalid("stream_options", "stream_options is only for stream: true");
        boolean includeUsage = streamOptions != null && Boolean.TRUE.equals(streamOptions.bool("include_usage"));
        return new Parsed(request, stream, includeUsage, ContentScreen.parse(body));
    }

    /** Refuses the endpoint's own OpenAI fields that hanlm does not implement. */
    abstract void refuseUnsupported(JsonRequest body);

    abstract CompletionRequest.Prompt prompt(JsonRequest body);

    abstract Integer maxTokens(JsonRequest body);

    /** Null when no log-probabilities are asked for, else how many alternatives per token. */
    abstract Integer logprobs(JsonRequest body);

    /** A choice of a whole response. */
    abstract ObjectNode choice(Completion.Choice choice, boolean logprobs);

    /**
     * A choice of a stream chunk: a piece of text with its tokens' log-probabilities (null when not asked for), or
     * the end of the choice when {@code finishReason} is not null; {@code first} marks the choice's first chunk.
     */
    abstract ObjectNode chunkChoice(int index, String text, List<TokenLogprobs> logprobs, String finishReason, boolean first);

    /** The whole response. */
    final ObjectNode response(String id, long created, Parsed parsed, Completion completion) {
        ObjectNode root = envelope(id, object, created, parsed.request().model());
        ArrayNode choices = root.putArray("choices");
        boolean logprobs = parsed.request().sampling().logprobs() != null;
        for (Completion.Choice c : completion.choices()) choices.add(choice(c, logprobs));
        root.set("usage", usage(completion));
        return root;
    }

    /** A stream chunk with one choice, or with none and the usage (the last chunk of {@code include_usage}). */
    final ObjectNode chunk(String id, long created, String model, ObjectNode choice, Completion usage) {
        ObjectNode root = envelope(id, chunkObject, created, model);
        ArrayNode choices = root.putArray("choices");
        if (choice != null) choices.add(choice);
        if (usage != null) root.set("usage", usage(usage));
        return root;
    }

    private static ObjectNode envelope(String id, String object, long created, String model) {
        return Json.object().put("id", id).put("object", object).put("created", created).put("model", model);
    }

    private static ObjectNode usage(Completion c) {
        return Json.object().put("prompt_tokens", c.promptTokens()).put("completion_tokens", c.completionTokens())
                .put("total_tokens", c.totalTokens());
    }
}

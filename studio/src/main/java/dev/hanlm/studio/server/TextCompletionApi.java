package dev.hanlm.studio.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.Completion;
import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.Logprob;
import dev.hanlm.studio.RequestException;
import dev.hanlm.studio.TokenLogprobs;
import java.util.List;

/**
 * {@code POST /v1/completions}: one text prompt (a string, or a list holding one string), {@code logprobs} as the
 * number of alternatives per token, and choices with {@code text}.
 */
final class TextCompletionApi extends CompletionApi {
    TextCompletionApi() {
        super("cmpl-", "text_completion", "text_completion");
    }

    @Override
    void refuseUnsupported(JsonRequest body) {
        body.refuseUnless("echo", n -> n.isBoolean() && !n.asBoolean(), "the prompt is not repeated in the output");
        body.refuseUnless("suffix", n -> n.isTextual() && n.asText().isEmpty(), "no text can follow the completion");
        body.refuseUnless("best_of", n -> n.isNumber() && n.asInt() == 1, "every choice is returned; use n");
    }

    @Override
    CompletionRequest.Prompt prompt(JsonRequest body) {
        JsonNode prompt = body.get("prompt");
        if (prompt == null) throw RequestException.invalid("prompt", "prompt is missing");
        if (prompt.isArray() && prompt.size() == 1) prompt = prompt.get(0);
        if (!prompt.isTextual()) {
            throw RequestException.invalid("prompt", "prompt must be a string (hanlm takes one prompt per request, as text)");
        }
        return new CompletionRequest.TextPrompt(prompt.asText());
    }

    @Override
    Integer maxTokens(JsonRequest body) {
        return body.integer("max_tokens");
    }

    @Override
    Integer logprobs(JsonRequest body) {
        return body.integer("logprobs");
    }

    @Override
    ObjectNode choice(Completion.Choice c, boolean logprobs) {
        return choice(c.index(), c.text(), logprobs ? c.logprobs() : null, c.finishReason());
    }

    @Override
    ObjectNode chunkChoice(int index, String text, List<TokenLogprobs> logprobs, String finishReason, boolean first) {
        return choice(index, text, logprobs, finishReason);
    }

    private static ObjectNode choice(int index, String text, List<TokenLogprobs> logprobs, String finishReason) {
        ObjectNode choice = Json.object().put("index", index).put("text", text);
        choice.set("logprobs", logprobs == null ? NullNode.instance : logprobs(logprobs));
        choice.put("finish_reason", finishReason);
        return choice;
    }

    /** The legacy shape: parallel lists of tokens, their log-probabilities, their alternatives and text offsets. */
    private static ObjectNode logprobs(List<TokenLogprobs> tokens) {
        ObjectNode out = Json.object();
        ArrayNode texts = out.putArray("tokens"), values = out.putArray("token_logprobs");
        ArrayNode top = out.putArray("top_logprobs"), offsets = out.putArray("text_offset");
        for (TokenLogprobs t : tokens) {
            texts.add(t.chosen().token());
            values.add(t.chosen().logprob());
            ObjectNode alternatives = top.addObject();
            for (Logprob alt : t.top()) {
                if (!alternatives.has(alt.token())) alternatives.put(alt.token(), alt.logprob());
            }
            offsets.add(t.textOffset());
        }
        return out;
    }
}

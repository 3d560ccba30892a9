package dev.hanlm.studio.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.Completion;
import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.Logprob;
import dev.hanlm.studio.RequestException;
import dev.hanlm.studio.SamplingParams;
import dev.hanlm.studio.TokenLogprobs;
import dev.hanlm.studio.chat.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/chat/completions}: {@code messages} (roles {@code system} or {@code developer}, {@code user},
 * {@code assistant}; content a string or a list of text parts), {@code logprobs: true} with {@code top_logprobs}, and
 * choices with an assistant {@code message}, or stream chunks with a {@code delta}.
 */
final class ChatCompletionApi extends CompletionApi {
    ChatCompletionApi() {
        super("chatcmpl-", "chat.completion", "chat.completion.chunk");
    }

    @Override
    void refuseUnsupported(JsonRequest body) {
        body.refuseUnless("tools", n -> n.isArray() && n.isEmpty(), "no tool calls");
        body.refuseUnless("functions", n -> n.isArray() && n.isEmpty(), "no function calls");
        body.refuseUnless("response_format", n -> "text".equals(n.path("type").asText()), "replies are plain text");
    }

    @Override
    CompletionRequest.Prompt prompt(JsonRequest body) {
        List<JsonRequest> list = body.objects("messages");
        if (list == null) throw RequestException.invalid("messages", "messages is missing");
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonRequest m : list) messages.add(message(m));
        return new CompletionRequest.ChatPrompt(messages);
    }

    private static ChatMessage message(JsonRequest m) {
        String role = switch (m.requiredString("role")) {
            case "system", "developer" -> "system";
            case "user" -> "user";
            case "assistant" -> "assistant";
            default -> throw RequestException.invalid(m.param("role"), m.param("role") + " must be system, developer, user or assistant"
                    + " (hanlm has no tool calls)");
        };
        JsonNode content = m.get("content");
        if (content == null && role.equals("assistant")) return new ChatMessage(role, "");
        if (content == null) throw RequestException.invalid(m.param("content"), m.param("content") + " is missing");
        if (content.isTextual()) return new ChatMessage(role, content.asText());
        if (!content.isArray()) throw m.wrongType("content", "a string or a list of text parts");
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                throw RequestException.invalid(m.param("content"), m.param("content")
                        + " holds a part that is not {\"type\": \"text\", \"text\": ...}; hanlm reads text only");
            }
            text.append(part.get("text").asText());
        }
        return new ChatMessage(role, text.toString());
    }

    /** {@code max_completion_tokens} is the newer name of {@code max_tokens}. */
    @Override
    Integer maxTokens(JsonRequest body) {
        Integer completion = body.integer("max_completion_tokens");
        return completion != null ? completion : body.integer("max_tokens");
    }

    @Override
    Integer logprobs(JsonRequest body) {
        Integer top = body.integer("top_logprobs", 0, SamplingParams.MAX_LOGPROBS);
        if (!Boolean.TRUE.equals(body.bool("logprobs"))) {
            if (top != null) throw RequestException.invalid("top_logprobs", "top_logprobs needs logprobs: true");
            return null;
        }
        return top == null ? 0 : top;
    }

    @Override
    ObjectNode choice(Completion.Choice c, boolean logprobs) {
        ObjectNode choice = Json.object().put("index", c.index());
        choice.putObject("message").put("role", "assistant").put("content", c.text());
        choice.set("logprobs", logprobs ? logprobs(c.logprobs()) : NullNode.instance);
        choice.put("finish_reason", c.finishReason());
        return choice;
    }

    @Override
    ObjectNode chunkChoice(int index, String text, List<TokenLogprobs> logprobs, String finishReason, boolean first) {
        ObjectNode choice = Json.object().put("index", index);
        ObjectNode delta = choice.putObject("delta");
        if (first) delta.put("role", "assistant");
        if (finishReason == null || !text.isEmpty()) delta.put("content", text);
        choice.set("logprobs", logprobs == null ? NullNode.instance : logprobs(logprobs));
        choice.put("finish_reason", finishReason);
        return choice;
    }

    private static ObjectNode logprobs(List<TokenLogprobs> tokens) {
        ObjectNode out = Json.object();
        ArrayNode content = out.putArray("content");
        for (TokenLogprobs t : tokens) {
            ObjectNode entry = logprob(t.chosen());
            ArrayNode top = entry.putArray("top_logprobs");
            for (Logprob alt : t.top()) top.add(logprob(alt));
            content.add(entry);
        }
        return out;
    }

    private static ObjectNode logprob(Logprob l) {
        ObjectNode node = Json.object().put("token", l.token()).put("logprob", l.logprob());
        ArrayNode bytes = node.putArray("bytes");
        for (byte b : l.bytes()) bytes.add(b & 0xFF);
        return node;
    }
}

package dev.hanlm.studio.remote;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.CompletionRequest.ChatPrompt;
import dev.hanlm.studio.CompletionRequest.TextPrompt;
import dev.hanlm.studio.SamplingParams;
import dev.hanlm.studio.chat.ChatMessage;

/**
 * A {@link CompletionRequest} as the OpenAI request an upstream server takes: the endpoint matching its prompt and the
 * JSON body, always streamed with the usage at the end. Fields the request leaves out are left out, so the upstream
 * applies its own defaults; hanlm's own fields (top_k, repetition_penalty, the inject texts) go as they are.
 */
record UpstreamRequest(String path, ObjectNode body) {
    static UpstreamRequest of(CompletionRequest request, String upstreamModel) {
        ObjectNode body = UpstreamStream.JSON.createObjectNode().put("model", upstreamModel);
        SamplingParams s = request.sampling();
        String path = switch (request.prompt()) {
            case TextPrompt text -> {
                body.put("prompt", text.text());
                put(body, "logprobs", s.logprobs());
                yield "/v1/completions";
            }
            case ChatPrompt chat -> {
                ArrayNode messages = body.putArray("messages");
                for (ChatMessage m : chat.messages()) messages.addObject().put("role", m.role()).put("content", m.content());
                if (s.logprobs() != null) body.put("logprobs", true).put("top_logprobs", s.logprobs());
                yield "/v1/chat/completions";
            }
        };
        body.put("n", request.n()).put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        put(body, "max_tokens", s.maxTokens());
        put(body, "temperature", s.temperature());
        put(body, "top_p", s.topP());
        put(body, "top_k", s.topK());
        put(body, "repetition_penalty", s.repetitionPenalty());
        put(body, "seed", s.seed());
        if (!s.stop().isEmpty()) put(body, "stop", s.stop());
        if (!request.injectStartText().isEmpty()) body.put("inject_start_text", request.injectStartText());
        if (!request.injectRestartText().isEmpty()) body.put("inject_restart_text", request.injectRestartText());
        return new UpstreamRequest(path, body);
    }

    private static void put(ObjectNode body, String field, Object value) {
        if (value != null) body.set(field, UpstreamStream.JSON.valueToTree(value));
    }
}

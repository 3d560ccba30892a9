package dev.hanlm.studio.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hanlm.studio.Completion;
import dev.hanlm.studio.CompletionListener;
import dev.hanlm.studio.Logprob;
import dev.hanlm.studio.TokenLogprobs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an upstream's OpenAI stream (server-sent events: {@code data: <chunk>} lines, a blank line after each event,
 * {@code data: [DONE]} at the end) and reports it to a {@link CompletionListener} as the local engine does: each piece
 * of text with its tokens' log-probabilities, each choice's end, and at the end the {@link Completion} with the
 * upstream's usage. Chunks of text completions ({@code text}) and of chats ({@code delta.content}) are both read.
 */
final class UpstreamStream {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One choice as it arrives. */
    private static final class Choice {
        final StringBuilder text = new StringBuilder();
        final List<TokenLogprobs> logprobs = new ArrayList<>();
        Completion.Choice ended;
    }

    private final int n;
    private final CompletionListener listener;
    private final UpstreamErrors errors;
    private final Map<Integer, Choice> choices = new TreeMap<>();
    private JsonNode usage;

    UpstreamStream(int n, CompletionListener listener, UpstreamErrors errors) {
        this.n = n;
        this.listener = listener;
        this.errors = errors;
    }

    /** Reads the stream to {@code [DONE]}. */
    Completion read(InputStream body) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        StringBuilder data = new StringBuilder();
        for (String line; (line = lines.readLine()) != null; ) {
            if (line.isEmpty()) {
                if (!data.isEmpty() && event(data.toString())) return completion();
                data.setLength(0);
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) data.append('\n');
                String value = line.substring("data:".length());
                data.append(value.startsWith(" ") ? value.substring(1) : value);
            } // comments (":") and other SSE fields carry nothing of the completion
        }
        if (!data.isEmpty() && event(data.toString())) return completion();
        throw errors.broken("its stream ended before data: [DONE]");
    }

    /** Handles one event's data; true at {@code [DONE]}. */
    private boolean event(String data) {
        if (data.equals("[DONE]")) return true;
        JsonNode chunk;
        try {
            chunk = JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw errors.broken("it sent an event that is not JSON");
        }
        if (chunk.hasNonNull("error") || "error".equals(chunk.path("object").asText())) throw errors.inStream(chunk);
        for (JsonNode c : chunk.path("choices")) choice(c);
        if (chunk.hasNonNull("usage")) usage = chunk.get("usage");
        return false;
    }

    private void choice(JsonNode c) {
        int index = c.path("index").asInt();
        if (index < 0 || index >= n) throw errors.broken("it sent choice " + index + " of a request for " + n);
        Choice choice = choices.computeIfAbsent(index, i -> new Choice());
        if (choice.ended != null) throw errors.broken("it sent more of choice " + index + " after its finish_reason");
        String text = c.has("delta") ? c.path("delta").path("content").asText("") : c.path("text").asText("");
        List<TokenLogprobs> logprobs = logprobs(c.path("logprobs"), choice.text.codePointCount(0, choice.text.length()));
        if (!text.isEmpty() || !logprobs.isEmpty()) {
            choice.text.append(text);
            choice.logprobs.addAll(logprobs);
            listener.onDelta(index, text, logprobs);
        }
        if (c.hasNonNull("finish_reason")) {
            // OpenAI reports only the total of generated tokens; a choice counts the tokens its log-probabilities list
            choice.ended = new Completion.Choice(index, choice.text.toString(), c.get("finish_reason").asText(),
                    choice.logprobs, choice.logprobs.size());
            listener.onChoiceEnd(choice.ended);
        }
    }

    /** A chunk's log-probabilities, in chat's shape ({@code content}) or the text completions' parallel lists. */
    private static List<TokenLogprobs> logprobs(JsonNode node, int textOffset) {
        List<TokenLogprobs> out = new ArrayList<>();
        for (JsonNode entry : node.path("content")) {
            List<Logprob> top = new ArrayList<>();
            for (JsonNode alt : entry.path("top_logprobs")) top.add(logprob(alt));
            out.add(new TokenLogprobs(logprob(entry), top, textOffset));
        }
        JsonNode tokens = node.path("tokens");
        for (int i = 0; i < tokens.size(); i++) {
            List<Logprob> top = new ArrayList<>();
            node.path("top_logprobs").path(i).properties().forEach(alt -> top.add(logprob(alt.getKey(), null, alt.getValue().asDouble())));
            out.add(new TokenLogprobs(logprob(tokens.get(i).asText(), null, node.path("token_logprobs").path(i).asDouble()), top, textOffset));
        }
        return out;
    }

    /** A chat entry: {@code {"token", "logprob", "bytes"}}. */
    private static Logprob logprob(JsonNode entry) {
        return logprob(entry.path("token").asText(), entry.path("bytes"), entry.path("logprob").asDouble());
    }

    /** A token with its bytes as given, else its text's UTF-8 bytes. */
    private static Logprob logprob(String token, JsonNode bytes, double logprob) {
        if (bytes == null || !bytes.isArray()) return new Logprob(token, token.getBytes(StandardCharsets.UTF_8), logprob);
        byte[] raw = new byte[bytes.size()];
        for (int i = 0; i < raw.length; i++) raw[i] = (byte) bytes.get(i).asInt();
        return new Logprob(token, raw, logprob);
    }

    private Completion completion() {
        List<Completion.Choice> ended = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Choice choice = choices.get(i);
            if (choice == null || choice.ended == null) {
                throw errors.broken("its stream ended without a finish_reason for choice " + i);
            }
            ended.add(choice.ended);
        }
        int generated = ended.stream().mapToInt(Completion.Choice::tokens).sum();
        if (usage == null) return new Completion(ended, 0, generated);
        return new Completion(ended, usage.path("prompt_tokens").asInt(), usage.path("completion_tokens").asInt(generated));
    }
}

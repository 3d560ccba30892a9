package dev.hanlm.studio.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.Backend;
import dev.hanlm.studio.Completion;
import dev.hanlm.studio.CompletionListener;
import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.Logprob;
import dev.hanlm.studio.RequestException;
import dev.hanlm.studio.TokenLogprobs;
import dev.hanlm.studio.server.ApiErrors;
import dev.hanlm.studio.server.ContentScreen;
import dev.hanlm.studio.server.EventStream;
import dev.hanlm.studio.server.Json;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/playground/run}: runs a {@link PlaygroundRequest} and streams it as server-sent events, one JSON
 * object each: {@code {"type": "delta", "text", "tokens": [{"token", "logprob", "top": [{"token", "logprob"}]}]}} per
 * piece of text, then {@code {"type": "end", "prompt", "text", "finishReason", "promptTokens", "completionTokens",
 * "ai_filters"}}. A request refused before the first token (a prompt too long for the model) is a 4xx JSON answer;
 * a failure after it is a last {@code {"error": ...}} event. Output filters that block or mask hold the text until the
 * end, as on {@code /v1}.
 */
final class PlaygroundRun implements Handler {
    private final Map<String, Backend> backends;
    private final ApiErrors errors;

    PlaygroundRun(Map<String, Backend> backends, ApiErrors errors) {
        this.backends = backends;
        this.errors = errors;
    }

    @Override
    public void handle(Context ctx) {
        PlaygroundRequest run = PlaygroundRequest.parse(ctx.bodyAsBytes());
        Backend backend = backends.get(run.model());
        if (backend == null) throw RequestException.modelNotFound(run.model());
        ContentScreen screen = new ContentScreen(run.filters());
        CompletionRequest request = screen.input(run.completion());
        EventStream events = new EventStream(ctx.res());
        try {
            Completion completion = backend.complete(request, new Deltas(events, screen));
            Completion.Choice choice = screen.output(completion.choices().getFirst());
            if (screen.holdsOutput() && !choice.text().isEmpty()) events.send(delta(choice.text(), choice.logprobs()));
            ObjectNode end = Json.object().put("type", "end").put("prompt", run.text()).put("text", choice.text()).put("finishReason", choice.finishReason())
                    .put("promptTokens", completion.promptTokens()).put("completionTokens", completion.completionTokens());
            screen.report(end);
            events.send(end);
            events.done();
        } catch (EventStream.ClientGone gone) {
            // the browser stopped the run: its generation has ended and no one is listening
        } catch (RuntimeException e) {
            if (!events.started()) throw e;
            events.fail(errors.of(e, ctx).body());
        }
    }

    private static ObjectNode delta(String text, List<TokenLogprobs> tokens) {
        ObjectNode delta = Json.object().put("type", "delta").put("text", text);
        ArrayNode list = delta.putArray("tokens");
        for (TokenLogprobs t : tokens) {
            ObjectNode token = list.addObject().put("token", t.chosen().token()).put("logprob", t.chosen().logprob());
            ArrayNode top = token.putArray("top");
            for (Logprob alternative : t.top()) top.addObject().put("token", alternative.token()).put("logprob", alternative.logprob());
        }
        return delta;
    }

    /** Sends each piece of text as it comes, unless the filters must see the whole output first. */
    private static final class Deltas implements CompletionListener {
        private final EventStream events;
        private final ContentScreen screen;

        Deltas(EventStream events, ContentScreen screen) {
            this.events = events;
            this.screen = screen;
        }

        @Override
        public void onDelta(int choice, String text, List<TokenLogprobs> tokens) {
            if ((text.isEmpty() && tokens.isEmpty()) || screen.holdsOutput()) return;
            events.send(delta(text, tokens));
        }

        @Override
        public void onChoiceEnd(Completion.Choice choice) {}
    }
}

package dev.hanlm.studio.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.Backend;
import dev.hanlm.studio.Completion;
import dev.hanlm.studio.CompletionListener;
import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.RequestException;
import dev.hanlm.studio.TokenLogprobs;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Answers one completion endpoint: parses the request, finds its model's backend, and answers with the whole
 * completion, or streams it as server-sent events. A failure after the stream began is sent as a last
 * {@code data: {"error": ...}} event, since the status line has gone.
 */
final class CompletionHandler implements Handler {
    private final CompletionApi api;
    private final Map<String, Backend> backends;
    private final ServerMetrics metrics;
    private final ApiErrors errors;

    CompletionHandler(CompletionApi api, Map<String, Backend> backends, ServerMetrics metrics, ApiErrors errors) {
        this.api = api;
        this.backends = backends;
        this.metrics = metrics;
        this.errors = errors;
    }

    @Override
    public void handle(Context ctx) {
        CompletionApi.Parsed parsed = api.parse(JsonRequest.parse(ctx.bodyAsBytes()));
        String model = parsed.request().model();
        Backend backend = backends.get(model);
        if (backend == null) throw RequestException.modelNotFound(model);
        ContentScreen screen = new ContentScreen(parsed.filters());
        CompletionRequest request = screen.input(parsed.request());
        String id = api.idPrefix + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;
        if (!parsed.stream()) {
            Completion completion = backend.complete(request, CompletionListener.NONE);
            metrics.tokens(model, completion);
            KeyGuard.recordUsage(ctx, completion);
            ObjectNode response = api.response(id, created, parsed, screen.output(completion));
            screen.report(response);
            Json.answer(ctx, 200, response);
            return;
        }
        EventStream events = new EventStream(ctx.res());
        try {
            Completion completion = backend.complete(request, new Chunks(events, id, created, parsed, screen));
            metrics.tokens(model, completion);
            KeyGuard.recordUsage(ctx, completion);
            if (parsed.includeUsage() || screen.active()) {
                ObjectNode last = api.chunk(id, created, model, null, parsed.includeUsage() ? completion : null);
                screen.report(last);
                events.send(last);
            }
            events.done();
        } catch (EventStream.ClientGone gone) {
            // the client left: its generation has stopped and there is no one to answer
        } catch (RuntimeException e) {
            if (!events.started()) throw e;
            events.fail(errors.of(e, ctx).body());
        }
    }

    /**
     * Writes each piece of text, and each choice's end, as a chunk. When output filters block or mask, a choice's
     * text is held and sent screened, in one chunk, when the choice ends.
     */
    private final class Chunks implements CompletionListener {
        private final EventStream events;
        private final String id;
        private final long created;
        private final CompletionApi.Parsed parsed;
        private final ContentScreen screen;
        private final boolean logprobs;
        private final BitSet begun = new BitSet();

        Chunks(EventStream events, String id, long created, CompletionApi.Parsed parsed, ContentScreen screen) {
            this.events = events;
            this.id = id;
            this.created = created;
            this.parsed = parsed;
            this.screen = screen;
            this.logprobs = parsed.request().sampling().logprobs() != null;
        }

        @Override
        public void onDelta(int choice, String text, List<TokenLogprobs> tokens) {
            if ((text.isEmpty() && tokens.isEmpty()) || screen.holdsOutput()) return;
            send(choice, text, logprobs ? tokens : null, null);
        }

        @Override
        public void onChoiceEnd(Completion.Choice choice) {
            Completion.Choice screened = screen.output(choice);
            if (screen.holdsOutput() && !screened.text().isEmpty()) {
                send(choice.index(), screened.text(), logprobs ? screened.logprobs() : null, null);
            }
            send(choice.index(), "", null, screened.finishReason());
        }

        private void send(int choice, String text, List<TokenLogprobs> tokens, String finishReason) {
            boolean first = !begun.get(choice);
            begun.set(choice);
            events.send(api.chunk(id, created, parsed.request().model(), api.chunkChoice(choice, text, tokens, finishReason, first), null));
        }
    }
}

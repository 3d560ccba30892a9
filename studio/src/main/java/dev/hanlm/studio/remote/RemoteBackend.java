package dev.hanlm.studio.remote;

import dev.hanlm.studio.Backend;
import dev.hanlm.studio.Completion;
import dev.hanlm.studio.CompletionListener;
import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.RequestException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A model of an OpenAI-compatible server elsewhere, used like a local one: each request is forwarded to the upstream's
 * {@code /v1/completions} or {@code /v1/chat/completions}, always streamed, and its chunks are reported to the listener
 * as they come, so a client sees the same answers, whole or streamed, as from a local model. The upstream queues and
 * batches; hanlm makes no request wait. A listener that throws (the client left) closes the upstream connection,
 * which cancels the upstream's generation.
 */
public final class RemoteBackend implements Backend {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long the upstream may take to begin its stream (a busy server first queues the request). */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(300);

    private final RemoteModel remote;
    private final UpstreamErrors errors;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();

    public RemoteBackend(RemoteModel remote) {
        this.remote = remote;
        this.errors = new UpstreamErrors(remote);
    }

    @Override
    public String id() {
        return remote.id();
    }

    @Override
    public int waiting() {
        return 0;
    }

    @Override
    public Completion complete(CompletionRequest request, CompletionListener listener) {
        UpstreamRequest upstream = UpstreamRequest.of(request, remote.upstreamModel());
        HttpRequest.Builder post = HttpRequest.newBuilder(remote.endpoint(upstream.path())).timeout(ANSWER_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(upstream.body().toString()));
        if (remote.apiKey() != null) post.header("Authorization", "Bearer " + remote.apiKey());
        HttpResponse<InputStream> response;
        try {
            response = http.send(post.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw errors.timeout(e instanceof HttpConnectTimeoutException ? CONNECT_TIMEOUT : ANSWER_TIMEOUT);
        } catch (IOException e) {
            throw errors.unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RequestException.serverStopping();
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw errors.answered(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            return new UpstreamStream(request.n(), listener, errors).read(body);
        } catch (IOException e) {
            throw errors.broken("the connection failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Waits for the requests under way to end. */
    @Override
    public void close() {
        http.close();
    }
}

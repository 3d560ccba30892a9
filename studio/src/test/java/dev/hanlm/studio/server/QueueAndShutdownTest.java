package dev.hanlm.studio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hanlm.studio.ModelQueue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The bounded queue (429 with Retry-After), request timeouts (504, or an error event) and the graceful shutdown. */
class QueueAndShutdownTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final String BODY = "{\"model\": \"held\", \"prompt\": \"x\"}";
    private static final String STREAM = "{\"model\": \"held\", \"prompt\": \"x\", \"stream\": true}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static StudioServer serve(HeldBackend backend, Duration grace) {
        return StudioServer.start(List.of(backend), ServerOptions.defaults().withPort(0).withShutdownGrace(grace));
    }

    private CompletableFuture<HttpResponse<String>> post(StudioServer server, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/v1/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode error(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return ServerFixture.json(response).path("error");
    }

    /** The error event that ends a stream, after its first chunk. */
    private static JsonNode streamError(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        List<String> events = ServerFixture.events(response.body());
        return ServerFixture.JSON.readTree(events.getLast()).path("error");
    }

    private static void awaitWaiting(HeldBackend backend, int n) throws InterruptedException {
        for (int i = 0; i < 1000 && backend.waiting() != n; i++) Thread.sleep(10);
        assertEquals(n, backend.waiting());
    }

    @Test
    void aFullQueueIsRefusedWithRetryAfter() throws Exception {
        HeldBackend backend = new HeldBackend(new ModelQueue.Limits(1, LONG));
        try (StudioServer server = serve(backend, Duration.ZERO)) {
            CompletableFuture<HttpResponse<String>> running = post(server, BODY);
            backend.awaitStart();
            CompletableFuture<HttpResponse<String>> queued = post(server, BODY);
            awaitWaiting(backend, 1);
            assertTrue(ServerFixture.json(http.send(HttpRequest.newBuilder(URI.create(server.url() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString())).toString().contains("\"waiting\":1"));

            HttpResponse<String> refused = post(server, BODY).get();
            JsonNode e = error(refused, 429);
            assertEquals("rate_limit_exceeded", e.path("code").asText());
            assertTrue(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()) >= 1);

            backend.release();
            assertEquals(200, running.get().statusCode());
            assertEquals(200, queued.get().statusCode());
            assertEquals(0, backend.waiting());
        }
    }

    @Test
    void aRequestOverItsTimeIsEndedAndFreesTheModel() throws Exception {
        HeldBackend backend = new HeldBackend(new ModelQueue.Limits(4, Duration.ofMillis(600)));
        try (StudioServer server = serve(backend, Duration.ZERO)) {
            CompletableFuture<HttpResponse<String>> plain = post(server, BODY);
            backend.awaitStart();
            // half a timeout later, so the stream's own time cannot run out before the plain request frees the model
            Thread.sleep(300);
            CompletableFuture<HttpResponse<String>> stream = post(server, STREAM);
            assertEquals("timeout", error(plain.get(), 504).path("code").asText());
            backend.awaitStart(); // the model was freed for the stream, which then times out in turn
            assertEquals("timeout", streamError(stream.get()).path("code").asText());
        }
    }

    @Test
    void shutdownLetsRunningRequestsFinishWithinTheGrace() throws Exception {
        HeldBackend backend = new HeldBackend(new ModelQueue.Limits(0, LONG));
        StudioServer server = serve(backend, LONG);
        CompletableFuture<HttpResponse<String>> running = post(server, STREAM);
        backend.awaitStart();
        Thread closing = Thread.ofPlatform().start(server::close); // not the common pool, which the HTTP client needs
        awaitRefusal(server);
        backend.release();
        closing.join();
        List<String> events = ServerFixture.events(running.get().body());
        assertTrue(events.getLast().contains("\"finish_reason\":\"stop\""), events.toString());
    }

    @Test
    void shutdownEndsRequestsThatOutlastTheGrace() throws Exception {
        HeldBackend backend = new HeldBackend(new ModelQueue.Limits(0, LONG));
        StudioServer server = serve(backend, Duration.ofMillis(100));
        CompletableFuture<HttpResponse<String>> running = post(server, STREAM);
        backend.awaitStart();
        server.close();
        assertEquals("server_stopping", streamError(running.get()).path("code").asText());
    }

    /** New requests are refused with 503 once the server stops (429 before: the one place is taken). */
    private void awaitRefusal(StudioServer server) throws Exception {
        HttpResponse<String> response = post(server, BODY).get();
        for (int i = 0; i < 100 && response.statusCode() == 429; i++) {
            Thread.sleep(10);
            response = post(server, BODY).get();
        }
        assertEquals("server_stopping", error(response, 503).path("code").asText());
    }
}

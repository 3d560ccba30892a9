package dev.hanlm.studio.server;

import static dev.hanlm.studio.server.ServerFixture.JSON;
import static dev.hanlm.studio.server.ServerFixture.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.hanlm.studio.Backend;
import dev.hanlm.studio.remote.RemoteBackend;
import dev.hanlm.studio.remote.RemoteModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote backends, with a hanlm server over the tiny model as the upstream: answers through the gateway are the
 * upstream's own, whole and streamed; the upstream's failures come back as OpenAI-shaped 502s.
 */
class RemoteBackendTest {
    private static final String REMOTE = "remote";

    @TempDir
    static Path tmp;
    static ServerFixture upstream;
    static StudioServer gateway;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        upstream = new ServerFixture(tmp, ServerOptions.DEFAULT_MAX_BODY_BYTES);
        URI url = URI.create(upstream.server.url() + "/v1");
        gateway = StudioServer.start(List.of(remote(REMOTE, url, MODEL, null), remote("misnamed", url, "no-such-model", null),
                remote("closed", URI.create("http://127.0.0.1:" + closedPort()), null, null)), ServerOptions.defaults().withPort(0));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    private static Backend remote(String id, URI url, String model, String key) {
        return new RemoteBackend(new RemoteModel(id, url, model, key));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static HttpResponse<String> post(StudioServer server, String path, ObjectNode body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The answer of the upstream to {@code request}, and of the gateway to the same request for the remote model. */
    private static List<HttpResponse<String>> both(String path, ObjectNode request) throws Exception {
        HttpResponse<String> direct = post(upstream.server, path, request.deepCopy().put("model", MODEL));
        HttpResponse<String> through = post(gateway, path, request.deepCopy().put("model", REMOTE));
        assertEquals(200, direct.statusCode(), direct.body());
        assertEquals(200, through.statusCode(), through.body());
        return List.of(direct, through);
    }

    /** What must be equal: everything but the id, the time and the model's name. */
    private static JsonNode content(String json) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(json);
        node.remove(List.of("id", "created", "model"));
        return node;
    }

    /** A stream's chunks, each without what may differ. */
    private static List<JsonNode> chunks(String body) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String data : ServerFixture.events(body)) out.add(content(data));
        return out;
    }

    private static ObjectNode chat() {
        ObjectNode request = JSON.createObjectNode().put("max_tokens", 8).put("temperature", 0);
        request.putArray("messages").addObject().put("role", "user").put("content", "안녕하세요");
        return request;
    }

    private static ObjectNode text() {
        return JSON.createObjectNode().put("prompt", "옛날 옛적에").put("max_tokens", 8).put("n", 2).put("seed", 7)
                .put("temperature", 0.9).put("stop", "다");
    }

    @Test
    void theRemoteModelIsListed() throws Exception {
        HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(REMOTE, JSON.readTree(models.body()).path("data").get(0).path("id").asText());
    }

    @Test
    void wholeAnswersAreTheUpstreamsWithTheirLogprobsAndUsage() throws Exception {
        for (ObjectNode request : List.of(text().put("logprobs", 2), chat().put("logprobs", true).put("top_logprobs", 2))) {
            String path = request.has("prompt") ? "/v1/completions" : "/v1/chat/completions";
            List<HttpResponse<String>> answers = both(path, request);
            JsonNode through = JSON.readTree(answers.get(1).body());
            assertEquals(REMOTE, through.path("model").asText());
            assertEquals(content(answers.get(0).body()), content(answers.get(1).body()));
            assertTrue(through.path("usage").path("completion_tokens").asInt() > 0, through.toString());
        }
    }

    @Test
    void streamsAreTheUpstreamsChunkForChunk() throws Exception {
        for (ObjectNode request : List.of(text(), chat().put("logprobs", true))) {
            String path = request.has("prompt") ? "/v1/completions" : "/v1/chat/completions";
            request.put("stream", true).putObject("stream_options").put("include_usage", true);
            List<HttpResponse<String>> answers = both(path, request);
            List<JsonNode> through = chunks(answers.get(1).body());
            assertEquals(chunks(answers.get(0).body()), through);
            assertTrue(through.getLast().has("usage"));
        }
    }

    @Test
    void anUpstreamRefusalOfTheRequestIsPassedOnAs400() throws Exception {
        ObjectNode request = text().put("max_tokens", 1000);
        HttpResponse<String> direct = post(upstream.server, "/v1/completions", request.deepCopy().put("model", MODEL));
        HttpResponse<String> through = post(gateway, "/v1/completions", request.put("model", REMOTE));
        assertEquals(400, through.statusCode());
        assertEquals(JSON.readTree(direct.body()), JSON.readTree(through.body()));
    }

    @Test
    void anUnknownUpstreamModelIs502WithTheUpstreamsMessage() throws Exception {
        for (boolean stream : List.of(false, true)) {
            HttpResponse<String> answer = post(gateway, "/v1/chat/completions", chat().put("model", "misnamed").put("stream", stream));
            assertEquals(502, answer.statusCode(), answer.body());
            JsonNode error = JSON.readTree(answer.body()).path("error");
            assertEquals("server_error", error.path("type").asText());
            assertEquals("upstream_error", error.path("code").asText());
            String message = error.path("message").asText();
            assertTrue(message.contains("'misnamed'") && message.contains("HTTP 404") && message.contains("no-such-model"), message);
        }
    }

    @Test
    void aClosedPortIs502ConnectionRefused() throws Exception {
        HttpResponse<String> answer = post(gateway, "/v1/completions", text().put("model", "closed"));
        assertEquals(502, answer.statusCode(), answer.body());
        JsonNode error = JSON.readTree(answer.body()).path("error");
        assertEquals("upstream_error", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("cannot reach the upstream server of 'closed'"), error.toString());
        assertTrue(error.path("message").asText().contains("connection refused"), error.toString());
    }

    @Test
    void aStreamingClientThatLeavesClosesTheUpstreamStream() throws Exception {
        CountDownLatch upstreamCut = new CountDownLatch(1);
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/v1/completions", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = "data: {\"choices\": [{\"index\": 0, \"text\": \"x\", \"finish_reason\": null}]}\n\n".getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 400; i++) {
                    out.write(chunk);
                    out.flush();
                    Thread.sleep(25);
                }
            } catch (IOException e) {
                upstreamCut.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stub.start();
        try (StudioServer endless = StudioServer.start(List.of(remote("endless", URI.create("http://127.0.0.1:" + stub.getAddress().getPort()),
                null, null)), ServerOptions.defaults().withPort(0))) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(endless.url() + "/v1/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(text().put("model", "endless").put("n", 1).put("stream", true).toString())).build();
            try (InputStream body = http.send(request, HttpResponse.BodyHandlers.ofInputStream()).body()) {
                assertTrue(body.read() >= 0, "the stream began");
            }
            assertTrue(upstreamCut.await(5, TimeUnit.SECONDS), "the upstream connection was closed");
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void theKeyIsSentAsABearerTokenAndNeverShown() throws Exception {
        String key = "sk-test-9f8e7d6c";
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/v1/completions", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"error\": {\"message\": \"Incorrect API key provided: " + key + "\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (StudioServer keyed = StudioServer.start(List.of(remote("keyed", URI.create("http://127.0.0.1:" + stub.getAddress().getPort()),
                "m", key)), ServerOptions.defaults().withPort(0))) {
            System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            HttpResponse<String> answer = post(keyed, "/v1/completions", text().put("model", "keyed"));
            assertEquals("Bearer " + key, authorization.get());
            assertEquals(502, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("HTTP 401") && answer.body().contains("Incorrect API key provided: ***"), answer.body());
            assertFalse(answer.body().contains(key) || answer.headers().map().toString().contains(key));
        } finally {
            System.setOut(out);
            System.setErr(err);
            stub.stop(0);
        }
        assertFalse(log.toString(StandardCharsets.UTF_8).contains(key), log.toString(StandardCharsets.UTF_8));
    }
}

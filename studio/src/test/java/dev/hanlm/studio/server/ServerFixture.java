package dev.hanlm.studio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.GenerationResult;
import dev.hanlm.engine.Generator;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.LoadOptions;
import dev.hanlm.studio.LocalBackend;
import dev.hanlm.studio.ModelQueue;
import dev.hanlm.studio.TinyModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A server over the tiny model on a free port, a plain HTTP client for it, and the engine to check its answers by. */
final class ServerFixture implements AutoCloseable {
    static final String MODEL = "tiny";
    static final ObjectMapper JSON = new ObjectMapper();

    final StudioServer server;
    final LanguageModel reference;
    private final HttpClient http = HttpClient.newHttpClient();

    ServerFixture(Path tmp, long maxBodyBytes) {
        Path dir = TinyModel.write(tmp.resolve(MODEL));
        server = StudioServer.start(List.of(LocalBackend.load(MODEL, dir, LoadOptions.defaults(), ModelQueue.Limits.defaults())),
                ServerOptions.defaults().withPort(0).withMaxBodyBytes(maxBodyBytes));
        reference = LanguageModel.load(dir);
    }

    /** What the engine generates for {@code prompt}, as the server should. */
    GenerationResult generate(String prompt, GenerationOptions options) {
        return new Generator(reference).generate(prompt, options, (t, s) -> {});
    }

    int promptTokens(String prompt) {
        return reference.tokenizer().orElseThrow().encode(prompt, true).length;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** The events of an SSE body: each must be one {@code data:} line followed by a blank line. */
    static List<String> events(String body) {
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
        List<String> data = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            assertTrue(event.startsWith("data: ") && !event.contains("\n"), "not one data line: " + event);
            data.add(event.substring("data: ".length()));
        }
        assertEquals("[DONE]", data.removeLast());
        return data;
    }

    @Override
    public void close() {
        server.close();
        reference.close();
    }
}

package dev.hanlm.studio.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hanlm.studio.RequestException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;

/**
 * An upstream's failures as the server's OpenAI-shaped errors. A 400 of the upstream is the client's request at
 * fault and is passed on as it is (message, param, code); any other failure is the gateway's: 502
 * {@code upstream_error} with the upstream's message, or 504 {@code upstream_timeout}. The API key is cut out of
 * every message taken from the upstream, which may echo it.
 */
final class UpstreamErrors {
    static final String UPSTREAM_ERROR = "upstream_error";
    static final String UPSTREAM_TIMEOUT = "upstream_timeout";

    private final RemoteModel remote;

    UpstreamErrors(RemoteModel remote) {
        this.remote = remote;
    }

    /** The upstream answered {@code status} with {@code body} instead of a stream. */
    RequestException answered(int status, String body) {
        JsonNode error = error(parse(body));
        String message = message(error, body);
        if (status == 400 && !message.isEmpty()) return new RequestException(400, text(error, "param"), text(error, "code"), message);
        return failed("answered HTTP " + status + (message.isEmpty() ? "" : ": " + message));
    }

    /** An error event in the middle of the upstream's stream. */
    RequestException inStream(JsonNode event) {
        return failed("failed mid-stream: " + message(error(event), event.toString()));
    }

    RequestException unreachable(IOException e) {
        String why = e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
        if (e.getMessage() != null) why += " (" + clean(e.getMessage()) + ")";
        return new RequestException(502, null, UPSTREAM_ERROR, "cannot reach the upstream server of '" + remote.id()
                + "' at " + remote.baseUrl() + ": " + why);
    }

    RequestException timeout(Duration limit) {
        return new RequestException(504, null, UPSTREAM_TIMEOUT, "the upstream server of '" + remote.id() + "' at "
                + remote.baseUrl() + " did not answer within " + limit.toSeconds() + " s");
    }

    /** The upstream's answer cannot be read as an OpenAI stream: {@code why} says what it did. */
    RequestException broken(String why) {
        return failed("broke the stream: " + why);
    }

    private RequestException failed(String what) {
        return new RequestException(502, null, UPSTREAM_ERROR, "the upstream server of '" + remote.id() + "' at "
                + remote.baseUrl() + " " + what);
    }

    /** The error's message, else {@code fallback}, cut short, without the key. */
    private String message(JsonNode error, String fallback) {
        String message = (error.isTextual() ? error.asText() : error.path("message").asText("")).strip();
        if (message.isEmpty()) message = fallback.strip();
        if (message.length() > 500) message = message.substring(0, 500) + "...";
        return clean(message);
    }

    private String clean(String message) {
        return remote.apiKey() == null ? message : message.replace(remote.apiKey(), "***");
    }

    /**
     * The error of an error body or event: OpenAI's {@code {"error": {...}}}, TGI's {@code {"error": "..."}}, or the
     * body itself (vLLM's older {@code {"object": "error", "message": ...}}).
     */
    private static JsonNode error(JsonNode body) {
        return body.hasNonNull("error") ? body.get("error") : body;
    }

    private static String text(JsonNode error, String field) {
        JsonNode value = error.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static JsonNode parse(String body) {
        try {
            return UpstreamStream.JSON.readTree(body);
        } catch (IOException e) {
            return UpstreamStream.JSON.missingNode();
        }
    }
}

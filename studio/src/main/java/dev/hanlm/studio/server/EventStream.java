package dev.hanlm.studio.server;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent event stream in OpenAI's framing: {@code data: <json>\n\n} per chunk and {@code data: [DONE]\n\n} at
 * the end. The status and headers go out with the first event, so a request refused before it still gets a plain
 * JSON error. A write that fails means the client left: {@link ClientGone} is thrown, which ends the generation.
 */
public final class EventStream {
    /** The client closed the connection; nothing more can be sent. */
    public static final class ClientGone extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        ClientGone(IOException cause) {
            super(cause);
        }
    }

    private final HttpServletResponse response;
    private boolean started;

    public EventStream(HttpServletResponse response) {
        this.response = response;
    }

    public boolean started() {
        return started;
    }

    public void send(JsonNode data) {
        write("data: " + Json.text(data) + "\n\n");
    }

    public void done() {
        write("data: [DONE]\n\n");
    }

    /** Ends a started stream with an error event in OpenAI's shape (the status line has gone); nothing if the client left. */
    public void fail(JsonNode error) {
        try {
            send(error);
            done();
        } catch (ClientGone gone) {
            // nobody is left to tell
        }
    }

    private void write(String event) {
        try {
            if (!started) {
                response.setStatus(200);
                response.setContentType("text/event-stream;charset=utf-8");
                response.setHeader("Cache-Control", "no-cache");
                response.setHeader("X-Accel-Buffering", "no"); // a proxy in front must not hold the tokens back
                started = true;
            }
            response.getOutputStream().write(event.getBytes(StandardCharsets.UTF_8));
            response.flushBuffer();
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }
}

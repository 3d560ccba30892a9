package dev.hanlm.studio.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.EngineException;
import dev.hanlm.studio.RequestException;
import dev.hanlm.tokenizer.TokenizerException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

/**
 * Every failure answered in OpenAI's error shape, {@code {"error": {"message", "type", "param", "code"}}}: a client's
 * mistake with its 4xx and one sentence; anything else as a 500 that says nothing of the server's insides (one line on
 * standard error for the operator, the stack trace with {@code HANLM_DEBUG=1}).
 */
public final class ApiErrors {
    /** The status and body that answer a failure. */
    public record Answer(int status, ObjectNode body) {}

    private final long maxBodyBytes;

    ApiErrors(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    public void answer(Exception e, Context ctx) {
        Answer answer = of(e, ctx);
        if (answer.status() == 405) ctx.header("Allow", allowed(e));
        if (e instanceof RequestException r && r.retryAfterSeconds() > 0) ctx.header("Retry-After", String.valueOf(r.retryAfterSeconds()));
        Json.answer(ctx, answer.status(), answer.body());
    }

    public Answer of(Exception e, Context ctx) {
        return switch (e) {
            case RequestException r -> new Answer(r.status(), body(r.getMessage(), type(r.status()), r.param(), r.code()));
            case EngineException m -> new Answer(400, body(m.getMessage(), type(400), null, null));
            case TokenizerException t -> new Answer(400, body(t.getMessage(), type(400), null, null));
            case HttpResponseException h -> new Answer(h.getStatus(), body(message(h, ctx), type(h.getStatus()), null, code(h.getStatus())));
            default -> internal(e, ctx);
        };
    }

    private String message(HttpResponseException h, Context ctx) {
        String request = ctx.method().name() + " " + ctx.path();
        return switch (h.getStatus()) {
            case 404 -> "there is no route " + request + " (hanlm serves GET /v1/models, POST /v1/completions, "
                    + "POST /v1/chat/completions, GET /health and GET /metrics)";
            case 405 -> request + " is not allowed; this route takes " + allowed(h);
            case 413 -> "the request body is larger than the limit of " + maxBodyBytes + " bytes";
            default -> h.getMessage();
        };
    }

    private static String allowed(Exception e) {
        return e instanceof HttpResponseException h ? h.getDetails().getOrDefault("availableMethods", "") : "";
    }

    private static String code(int status) {
        return switch (status) {
            case 404 -> "unknown_url";
            case 405 -> "method_not_allowed";
            case 413 -> "request_too_large";
            default -> null;
        };
    }

    private static Answer internal(Exception e, Context ctx) {
        System.err.println("hanlm serve: internal error on " + ctx.method().name() + " " + ctx.path() + ": " + e);
        if (System.getenv("HANLM_DEBUG") != null) e.printStackTrace();
        return new Answer(500, body("the server failed on this request (an internal error; its log says more)", type(500), null, null));
    }

    private static String type(int status) {
        if (status == 429) return "requests"; // OpenAI's type for a request rate limit
        return status >= 500 ? "server_error" : "invalid_request_error";
    }

    static ObjectNode body(String message, String type, String param, String code) {
        ObjectNode error = Json.object().put("message", message).put("type", type).put("param", param).put("code", code);
        ObjectNode root = Json.object();
        root.set("error", error);
        return root;
    }
}

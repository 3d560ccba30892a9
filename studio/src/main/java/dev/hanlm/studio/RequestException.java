package dev.hanlm.studio;

import java.time.Duration;

/**
 * A request that cannot be served as asked, with what an OpenAI-style error names: the HTTP status, the field at
 * fault ({@code param}, or null) and a machine-readable {@code code} (or null). Its message is one sentence for the
 * client.
 */
public final class RequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String param;
    private final String code;
    private final long retryAfterSeconds;

    public RequestException(int status, String param, String code, String message) {
        this(status, param, code, message, 0);
    }

    private RequestException(int status, String param, String code, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.param = param;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A field that is missing, of the wrong type or out of range: 400. */
    public static RequestException invalid(String param, String message) {
        return new RequestException(400, param, null, message);
    }

    /** A field or value hanlm does not implement: 400 with code {@code unsupported_parameter}. */
    public static RequestException unsupported(String param, String message) {
        return new RequestException(400, param, "unsupported_parameter", message);
    }

    /** No model of that id is served: 404 with code {@code model_not_found}, as OpenAI answers. */
    public static RequestException modelNotFound(String model) {
        return new RequestException(404, "model", "model_not_found", "the model '" + model
                + "' is not served here (GET /v1/models lists the models)");
    }

    /** The prompt and the tokens asked for do not fit the model's context: 400 with code {@code context_length_exceeded}. */
    public static RequestException contextLength(String param, String message) {
        return new RequestException(400, param, "context_length_exceeded", message);
    }

    /** The server is stopping and takes no more work: 503 with code {@code server_stopping}. */
    public static RequestException serverStopping() {
        return new RequestException(503, null, "server_stopping", "the server is stopping; try again later");
    }

    /** Too many requests wait for the model: 429 with code {@code rate_limit_exceeded} and when to retry. */
    public static RequestException queueFull(String model, long retryAfterSeconds) {
        return new RequestException(429, null, "rate_limit_exceeded", "too many requests are waiting for the model '" + model
                + "'; retry in " + retryAfterSeconds + " s", retryAfterSeconds);
    }

    /** An API key over its per-minute limit: 429 with code {@code rate_limit_exceeded} and when to retry. */
    public static RequestException keyRateLimited(int requestsPerMinute, long retryAfterSeconds) {
        return new RequestException(429, null, "rate_limit_exceeded", "this API key's limit of " + requestsPerMinute
                + " requests per minute is reached; retry in " + retryAfterSeconds + " s", retryAfterSeconds);
    }

    /** The request waited and generated longer than the server allows: 504 with code {@code timeout}. */
    public static RequestException timeout(String model, Duration limit) {
        return new RequestException(504, null, "timeout", "the request to the model '" + model + "' took longer than the limit of "
                + limit.toSeconds() + " s and was ended");
    }

    public int status() {
        return status;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }

    /** The seconds a client should wait before retrying (the {@code Retry-After} header), or 0 for no advice. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

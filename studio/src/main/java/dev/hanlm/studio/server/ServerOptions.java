package dev.hanlm.studio.server;

/**
 * Where the server listens and what it accepts.
 *
 * @param host         the address to bind: {@code 127.0.0.1} (this machine only) unless told otherwise
 * @param port         the port; 0 picks a free one
 * @param maxBodyBytes the largest request body; a larger one is refused with 413
 */
public record ServerOptions(String host, int port, long maxBodyBytes) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;

    public ServerOptions {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        if (maxBodyBytes < 1) throw new IllegalArgumentException("the body limit " + maxBodyBytes + " is not positive");
    }

    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES);
    }

    public ServerOptions withPort(int p) {
        return new ServerOptions(host, p, maxBodyBytes);
    }

    public ServerOptions withHost(String h) {
        return new ServerOptions(h, port, maxBodyBytes);
    }

    public ServerOptions withMaxBodyBytes(long limit) {
        return new ServerOptions(host, port, limit);
    }
}

package dev.hanlm.studio.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Where the server listens and what it accepts.
 *
 * @param host         the address to bind: {@code 127.0.0.1} (this machine only) unless told otherwise
 * @param port         the port; 0 picks a free one
 * @param maxBodyBytes  the largest request body; a larger one is refused with 413
 * @param shutdownGrace how long a stopping server lets running requests finish before it ends them
 */
public record ServerOptions(String host, int port, long maxBodyBytes, Duration shutdownGrace) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

    public ServerOptions {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        if (maxBodyBytes < 1) throw new IllegalArgumentException("the body limit " + maxBodyBytes + " is not positive");
        if (shutdownGrace.isNegative()) throw new IllegalArgumentException("the shutdown grace " + shutdownGrace + " is negative");
    }

    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_GRACE);
    }

    public ServerOptions withPort(int p) {
        return new ServerOptions(host, p, maxBodyBytes, shutdownGrace);
    }

    public ServerOptions withHost(String h) {
        return new ServerOptions(h, port, maxBodyBytes, shutdownGrace);
    }

    public ServerOptions withMaxBodyBytes(long limit) {
        return new ServerOptions(host, port, limit, shutdownGrace);
    }

    public ServerOptions withShutdownGrace(Duration grace) {
        return new ServerOptions(host, port, maxBodyBytes, grace);
    }

    /**
     * Whether the host is reachable from this machine only (a loopback address, or a name that resolves to one); a
     * host that cannot be resolved counts as reachable from elsewhere.
     */
    public boolean loopbackOnly() {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) return false;
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

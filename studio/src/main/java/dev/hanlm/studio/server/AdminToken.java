package dev.hanlm.studio.server;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Function;

/** The secret that the admin endpoints require as {@code Authorization: Bearer <token>}. */
public final class AdminToken {
    private final byte[] token;

    public AdminToken(String token) {
        if (token.isBlank()) throw new IllegalArgumentException("the admin token is empty");
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The token in the environment variable {@code name}, read from there so it never shows in the process list.
     *
     * @throws IllegalArgumentException when the variable is unset or empty
     */
    public static AdminToken fromEnv(String name, Function<String, String> env) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the environment variable '" + name + "' that should hold the admin token is unset or empty");
        }
        return new AdminToken(value);
    }

    /** Whether the request carries this token; compared in constant time. */
    boolean admits(Context ctx) {
        return bearer(ctx).map(t -> MessageDigest.isEqual(token, t.getBytes(StandardCharsets.UTF_8))).orElse(false);
    }

    /** The token of an {@code Authorization: Bearer} header. */
    static Optional<String> bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
        return Optional.of(header.substring(7).strip());
    }
}

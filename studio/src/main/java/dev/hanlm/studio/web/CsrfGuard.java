package dev.hanlm.studio.web;

import dev.hanlm.studio.RequestException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CSRF protection for the Studio's {@code /api}, by double submit: the browser gets a random token in a cookie and must
 * send it back in the {@value #HEADER} header on every call that changes state. Another site can make the browser
 * send the cookie, but can neither read it nor set a custom header without a CORS preflight, which is never allowed.
 * A call with an {@code Authorization} header (a deployed App's API key) carries no ambient credential and is let
 * through to be checked by its key.
 */
final class CsrfGuard {
    static final String COOKIE = "hanlm_csrf";
    static final String HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** A deployed App's endpoint answers to its API key alone: a call without one gets the key's 401, not a 403 here. */
    private static final Pattern KEY_ONLY = Pattern.compile("/api/apps/[^/]+/complete");
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfGuard() {}

    /** The browser's token, set as a cookie when it has none yet. */
    static String token(Context ctx) {
        String token = ctx.cookie(COOKIE);
        if (token != null && !token.isEmpty()) return token;
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + token + "; Path=/; SameSite=Strict");
        return token;
    }

    /** Refuses (403) a state-changing call whose header does not match its cookie. */
    static void check(Context ctx) {
        if (SAFE_METHODS.contains(ctx.method().name()) || ctx.header("Authorization") != null || KEY_ONLY.matcher(ctx.path()).matches()) return;
        String cookie = ctx.cookie(COOKIE);
        String header = ctx.header(HEADER);
        if (cookie == null || cookie.isEmpty() || header == null
                || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8))) {
            throw new RequestException(403, null, "csrf_token_invalid", ctx.method().name() + " " + ctx.path()
                    + " needs the " + HEADER + " header equal to the " + COOKIE + " cookie (GET /api/session gives it); reload the Studio");
        }
    }
}

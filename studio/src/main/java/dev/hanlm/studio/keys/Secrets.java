package dev.hanlm.studio.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes keys and ids, and hashes keys. A key carries 192 random bits, so a plain SHA-256 is enough to store it: there is
 * nothing to guess that a slow, salted hash (as passwords need) would protect.
 */
final class Secrets {
    static final String KEY_PREFIX = "hanlm-";
    /** How much of a key is stored in the clear to tell keys apart: the prefix and 4 random characters. */
    static final int SHOWN = KEY_PREFIX.length() + 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** {@code hanlm-} and 32 url-safe characters. */
    static String newKey() {
        return KEY_PREFIX + random(24);
    }

    static String newId() {
        return "key_" + random(9);
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** {@code bytes} random bytes as url-safe base64, 4 characters for each 3 bytes. */
    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

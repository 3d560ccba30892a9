package dev.hanlm.studio.keys;

/**
 * A stored API key, without its secret: only its hash is stored, and its first characters to tell keys apart.
 *
 * @param id                the key's id, for the admin API
 * @param name              what the admin called it
 * @param prefix            the key's first characters
 * @param created           when it was made, in epoch seconds
 * @param revoked           when it was revoked, in epoch seconds; null while it works
 * @param requestsPerMinute its request limit; null for none
 */
public record ApiKey(String id, String name, String prefix, long created, Long revoked, Integer requestsPerMinute) {
    public boolean isRevoked() {
        return revoked != null;
    }
}

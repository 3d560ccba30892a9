package dev.hanlm.studio.server;

import dev.hanlm.studio.keys.KeyStore;
import java.util.Optional;

/**
 * What the server needs for API keys: their store, which it closes when it stops, and the admin token that manages
 * them (without one the admin endpoints refuse everyone, yet stored keys are still enforced).
 */
public record KeyAccess(KeyStore store, Optional<AdminToken> admin) {}

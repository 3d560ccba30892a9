package dev.hanlm.studio.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.studio.store.EveryDatabase;
import dev.hanlm.studio.store.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The store on each database, and the database itself read with plain SQL beside it. */
class KeyStoreTest {
    private static List<String> column(TestDatabase where, String sql) throws SQLException {
        try (Connection c = where.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        }
    }

    @EveryDatabase
    void reopeningKeepsTheKeys(TestDatabase where) {
        NewKey made;
        try (KeyStore store = new KeyStore(where.open())) {
            assertFalse(store.hasKeys());
            made = store.create("first", null);
        }
        try (KeyStore store = new KeyStore(where.open())) {
            assertTrue(store.hasKeys());
            assertEquals(List.of(made.key()), store.list());
        }
    }

    @EveryDatabase
    void onlyTheKeysHashIsStored(TestDatabase where) throws Exception {
        try (KeyStore store = new KeyStore(where.open())) {
            NewKey made = store.create("app", 10);
            assertTrue(made.secret().matches("hanlm-[A-Za-z0-9_-]{32}"), made.secret());
            assertEquals(made.secret().substring(0, 10), made.key().prefix());
            assertEquals(List.of(Secrets.hash(made.secret())), column(where, "SELECT hash FROM api_keys"));
            String everyColumn = String.join(" ", column(where, "SELECT id || name || hash || prefix || created || requests_per_minute FROM api_keys"));
            assertFalse(everyColumn.contains(made.secret()));
            assertEquals(made.key(), store.bySecret(made.secret()).orElseThrow());
        }
    }

    @EveryDatabase
    void revokingKeepsTheFirstTimeAndTheLimitsRoundTrip(TestDatabase where) {
        try (KeyStore store = new KeyStore(where.open())) {
            ApiKey limited = store.create("limited", 60).key();
            ApiKey open = store.create("open", null).key();
            assertTrue(store.revoke(open.id()));
            Long revoked = store.find(open.id()).orElseThrow().revoked();
            assertTrue(store.revoke(open.id()));
            assertEquals(revoked, store.find(open.id()).orElseThrow().revoked());
            assertFalse(store.revoke("key_none"));
            assertEquals(List.of(60), store.list().stream().filter(k -> !k.isRevoked()).map(ApiKey::requestsPerMinute).toList());
            assertEquals(limited, store.find(limited.id()).orElseThrow());
        }
    }

    @EveryDatabase
    void usageAddsUpWithinAnHour(TestDatabase where) {
        try (KeyStore store = new KeyStore(where.open())) {
            String id = store.create("app", null).key().id();
            store.record(id, 5, 2);
            store.record(id, 3, 4);
            UsageBucket hour = store.usage(id).getFirst();
            assertEquals(List.of(2L, 8L, 6L), List.of(hour.requests(), hour.promptTokens(), hour.completionTokens()));
        }
    }
}

package dev.hanlm.studio.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.studio.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database itself, read with plain SQL beside the store. */
class KeyStoreTest {
    @TempDir
    Path dir;

    private List<String> column(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE));
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        }
    }

    @Test
    void migrationsMakeTheSchemaOnAFreshDatabaseAndReopeningKeepsItAndItsKeys() throws Exception {
        NewKey made;
        try (KeyStore store = new KeyStore(Database.inDirectory(dir))) {
            assertFalse(store.hasKeys());
            made = store.create("first", null);
        }
        assertEquals(List.of("api_keys", "key_usage"),
                column("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'flyway%' ORDER BY name"));
        try (KeyStore store = new KeyStore(Database.inDirectory(dir))) {
            assertTrue(store.hasKeys());
            assertEquals(List.of(made.key()), store.list());
        }
        assertEquals(List.of("1"), column("SELECT version FROM flyway_schema_history WHERE success = 1"), "V1 ran once");
    }

    @Test
    void onlyTheKeysHashIsStored() throws Exception {
        try (KeyStore store = new KeyStore(Database.inDirectory(dir))) {
            NewKey made = store.create("app", 10);
            assertTrue(made.secret().matches("hanlm-[A-Za-z0-9_-]{32}"), made.secret());
            assertEquals(made.secret().substring(0, 10), made.key().prefix());
            assertEquals(List.of(Secrets.hash(made.secret())), column("SELECT hash FROM api_keys"));
            String everyColumn = String.join(" ", column("SELECT id || name || hash || prefix || created || requests_per_minute FROM api_keys"));
            assertFalse(everyColumn.contains(made.secret()));
            assertEquals(made.key(), store.bySecret(made.secret()).orElseThrow());
        }
    }

    @Test
    void usageAddsUpWithinAnHour() {
        try (KeyStore store = new KeyStore(Database.inDirectory(dir))) {
            String id = store.create("app", null).key().id();
            store.record(id, 5, 2);
            store.record(id, 3, 4);
            UsageBucket hour = store.usage(id).getFirst();
            assertEquals(List.of(2L, 8L, 6L), List.of(hour.requests(), hour.promptTokens(), hour.completionTokens()));
        }
    }
}

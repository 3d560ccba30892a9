package dev.hanlm.studio.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatabaseTest {
    @Test
    void aUrlOfAnotherKindIsRefusedInOneSentence() {
        DatabaseException e = assertThrows(DatabaseException.class, () -> Database.open("jdbc:mysql://localhost/hanlm", null, null));
        assertEquals("the database URL 'jdbc:mysql://localhost/hanlm' is neither jdbc:postgresql://HOST[:PORT]/NAME nor jdbc:sqlite:FILE",
                e.getMessage());
    }

    @Test
    void aPostgresServerThatCannotBeReachedIsOneLineNamingIt() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/hanlm";
        DatabaseException e = assertThrows(DatabaseException.class, () -> Database.open(url, "hanlm", null));
        assertTrue(e.getMessage().startsWith("cannot reach the database " + url + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @EveryDatabase
    void aTransactionThatFailsLeavesNothing(TestDatabase where) {
        try (Database db = where.open()) {
            assertThrows(IllegalStateException.class, () -> db.inTransaction(tx -> {
                tx.update("INSERT INTO api_keys (id, name, hash, prefix, created) VALUES (?, ?, ?, ?, ?)", "k1", "n", "h".repeat(64), "p", 1L);
                return tx.update("INSERT INTO api_keys (id, name, hash, prefix, created) VALUES (?, ?, ?, ?, ?)", "k1", "n", "g".repeat(64), "p", 1L);
            }), "the second insert repeats the primary key");
            assertEquals(List.of(), db.query("SELECT id FROM api_keys", rs -> rs.getString(1)));
        }
    }

    @EveryDatabase
    void aConnectionTheServerDroppedIsMadeAgain(TestDatabase where) throws Exception {
        assumeTrue(where.url().startsWith("jdbc:postgresql:"), "only a server can drop a connection");
        try (Database db = where.open(); Connection admin = where.connect()) {
            db.update("INSERT INTO api_keys (id, name, hash, prefix, created) VALUES (?, ?, ?, ?, ?)", "k1", "n", "h".repeat(64), "p", 1L);
            try (ResultSet rs = admin.createStatement().executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
                assertTrue(rs.next(), "the store's connection was there to end");
            }
            assertEquals(List.of("k1"), db.query("SELECT id FROM api_keys", rs -> rs.getString(1)));
        }
    }
}

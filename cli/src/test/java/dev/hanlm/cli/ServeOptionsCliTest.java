package dev.hanlm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** hanlm serve refuses, with a first line that says why and before loading anything, what it must not start with. */
class ServeOptionsCliTest {
    private static void refused(String expected, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().lines().findFirst().orElse("").contains(expected), run.err()); // then picocli's usage
    }

    @Test
    void listeningBeyondThisMachineNeedsAnAdminToken() {
        refused("--admin-token-env", "serve", "--host", "0.0.0.0", "--port", "0");
        refused("--admin-token-env", "serve", "--host", "0.0.0.0", "--port", "0", "--admin-token-env", "HANLM_TEST_NO_SUCH_VARIABLE");
    }

    @Test
    void queueAndTimeLimitsMustBeSensible() {
        refused("--max-queue", "serve", "--max-queue", "-1");
        refused("--request-timeout", "serve", "--request-timeout", "0");
        refused("--shutdown-grace", "serve", "--shutdown-grace", "-1");
    }

    @Test
    void aDatabaseLoginNeedsADatabaseAndItsPasswordComesFromTheEnvironment() {
        refused("need --database", "serve", "--port", "0", "--database-user", "hanlm");
        refused("HANLM_TEST_NO_SUCH_VARIABLE", "serve", "--port", "0", "--database", "jdbc:postgresql://127.0.0.1/hanlm",
                "--database-password-env", "HANLM_TEST_NO_SUCH_VARIABLE");
    }

    @Test
    void aDatabaseThatCannotBeReachedIsOneLine() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/hanlm";
        CliRun run = CliRun.of("serve", "--port", "0", "--database", url);
        assertEquals(UserErrors.USER_ERROR, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("hanlm: cannot reach the database " + url + ": "), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }
}

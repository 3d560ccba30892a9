package dev.hanlm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}

package dev.hanlm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Commands without --model use the bundled models/hanlm-mini-ko, found from the working directory. */
class BundledModelCliTest {
    @Test
    void inspectDescribesTheBundledModel() {
        CliRun run = CliRun.of("models", "inspect");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("hanlm-mini-ko"), run.out());
        assertTrue(run.out().contains("gpt2"), run.out());
    }

    @Test
    void generateWritesKoreanWithTheBundledModel() {
        CliRun run = CliRun.of("generate", "--max-tokens", "12", "--seed", "3", "--temperature", "0.7", "대한민국의 수도는");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().codePoints().anyMatch(c -> c >= 0xAC00 && c <= 0xD7A3), "Hangul syllables in: " + run.out());
    }
}

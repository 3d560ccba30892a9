package dev.hanlm.studio.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A key's requests per minute over a sliding minute, with the wait it is told when refused. */
class RateLimitsTest {
    private static final ApiKey TWO_A_MINUTE = new ApiKey("k1", "test", "hanlm-ab", 0, null, 2);

    @Test
    void aThirdRequestWithinAMinuteIsRefusedEvenAcrossAClockMinute() {
        RateLimits limits = new RateLimits();
        // 59.99 s and 60.01 s lie in two clock minutes: a fixed window would admit all three
        assertTrue(limits.admit(TWO_A_MINUTE, 59_990).isEmpty());
        assertTrue(limits.admit(TWO_A_MINUTE, 60_010).isEmpty());
        OptionalLong refused = limits.admit(TWO_A_MINUTE, 60_020);
        assertEquals(OptionalLong.of(60), refused, "the first admitted request leaves the minute at 119.99 s");
    }

    @Test
    void aRequestIsAdmittedOnceTheOldestLeavesTheMinuteAndRefusalsAreNotCounted() {
        RateLimits limits = new RateLimits();
        assertTrue(limits.admit(TWO_A_MINUTE, 0).isEmpty());
        assertTrue(limits.admit(TWO_A_MINUTE, 30_000).isEmpty());
        assertEquals(OptionalLong.of(1), limits.admit(TWO_A_MINUTE, 59_500));
        assertTrue(limits.admit(TWO_A_MINUTE, 60_000).isEmpty(), "the request at 0 s has left the minute");
        assertEquals(OptionalLong.of(30), limits.admit(TWO_A_MINUTE, 60_001), "the one at 30 s leaves at 90 s");
        assertTrue(limits.admit(TWO_A_MINUTE, 90_000).isEmpty());
    }

    @Test
    void keysAreCountedApartAndAKeyWithoutALimitIsNeverRefused() {
        RateLimits limits = new RateLimits();
        ApiKey other = new ApiKey("k2", "other", "hanlm-cd", 0, null, 2), unlimited = new ApiKey("k3", "free", "hanlm-ef", 0, null, null);
        limits.admit(TWO_A_MINUTE, 0);
        limits.admit(TWO_A_MINUTE, 1);
        assertTrue(limits.admit(other, 2).isEmpty());
        for (int i = 0; i < 1000; i++) assertTrue(limits.admit(unlimited, i).isEmpty());
    }
}

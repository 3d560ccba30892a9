package dev.hanlm.studio.keys;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each key's requests per minute, counted in memory over a sliding minute: a request is admitted when the key's
 * admitted requests of the last 60 seconds are fewer than its limit, wherever the minute boundaries fall (fixed
 * windows let twice the limit through across a boundary). A restart forgets the counts, which at worst lets one extra
 * minute's worth through.
 */
public final class RateLimits {
    private static final long MINUTE_MILLIS = 60_000;

    /** Per key, the times of the requests admitted in the last minute, oldest first. */
    private final Map<String, ArrayDeque<Long>> admitted = new ConcurrentHashMap<>();

    /** Counts a request by {@code key}; empty when it may go on, else the seconds until it would be admitted. */
    public OptionalLong admit(ApiKey key, long nowMillis) {
        Integer limit = key.requestsPerMinute();
        if (limit == null) return OptionalLong.empty();
        ArrayDeque<Long> times = admitted.computeIfAbsent(key.id(), id -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= nowMillis - MINUTE_MILLIS) times.pollFirst();
            if (times.size() < limit) {
                times.addLast(nowMillis);
                return OptionalLong.empty();
            }
            long waitMillis = times.peekFirst() + MINUTE_MILLIS - nowMillis;
            return OptionalLong.of(Math.max(1, Math.ceilDiv(waitMillis, 1000)));
        }
    }
}

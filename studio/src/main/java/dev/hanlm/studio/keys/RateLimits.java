package dev.hanlm.studio.keys;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each key's requests per minute, counted in memory in fixed one-minute windows (a restart forgets them, which at
 * worst lets one extra minute's worth through).
 */
public final class RateLimits {
    private record Window(long minute, int count) {}

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** Counts a request by {@code key}; empty when it may go on, else the seconds until its next window. */
    public OptionalLong admit(ApiKey key, long nowMillis) {
        Integer limit = key.requestsPerMinute();
        if (limit == null) return OptionalLong.empty();
        long minute = nowMillis / 60_000;
        Window w = windows.merge(key.id(), new Window(minute, 1),
                (old, one) -> old.minute() == minute ? new Window(minute, old.count() + 1) : one);
        if (w.count() <= limit) return OptionalLong.empty();
        return OptionalLong.of(Math.max(1, (minute + 1) * 60 - nowMillis / 1000));
    }
}

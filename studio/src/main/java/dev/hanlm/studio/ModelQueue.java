package dev.hanlm.studio;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns at a model that generates for up to {@code slots} requests at a time: in arrival order (a fair semaphore),
 * with at most {@code maxWaiting} requests waiting (beyond that 429, with an estimate of when to retry), each request
 * ended when it has waited and generated longer than {@code requestTimeout} (504), and a {@link #stop() stop} that
 * ends the running generations at their next token and the waiting requests at their turn (503).
 */
public final class ModelQueue {
    /**
     * @param maxWaiting     how many requests may wait while one generates; 0 refuses any request to a busy model
     * @param requestTimeout the longest a request may wait and generate together
     */
    public record Limits(int maxWaiting, Duration requestTimeout) {
        public static final int DEFAULT_MAX_WAITING = 16;
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(300);

        public Limits {
            if (maxWaiting < 0) throw new IllegalArgumentException("the queue limit " + maxWaiting + " is negative");
            if (!requestTimeout.isPositive()) throw new IllegalArgumentException("the request timeout " + requestTimeout + " is not positive");
        }

        public static Limits defaults() {
            return new Limits(DEFAULT_MAX_WAITING, DEFAULT_REQUEST_TIMEOUT);
        }
    }

    /** One request's turn: checked between tokens, closed when the request is done with the model. */
    public final class Turn implements AutoCloseable {
        private final long start;

        private Turn(long start) {
            this.start = start;
        }

        /** Throws when the request must end now: the server stops (503) or its time is up (504). */
        public void check() {
            if (stopped) throw RequestException.serverStopping();
            if (System.nanoTime() - start > limits.requestTimeout().toNanos()) throw RequestException.timeout(model, limits.requestTimeout());
        }

        @Override
        public void close() {
            durations.add(System.nanoTime() - start);
            turns.release();
        }
    }

    private final String model;
    private final Limits limits;
    private final int slots;
    private final Semaphore turns;
    private final AtomicInteger waiting = new AtomicInteger();
    private final RecentDurations durations = new RecentDurations();
    private volatile boolean stopped;
    /** Whether {@link #stop} has taken every slot. */
    private boolean drained;

    /** A queue for a model that generates for one request at a time. */
    public ModelQueue(String model, Limits limits) {
        this(model, limits, 1);
    }

    /** A queue for a model that generates for up to {@code slots} requests at a time. */
    public ModelQueue(String model, Limits limits, int slots) {
        if (slots < 1) throw new IllegalArgumentException("a model needs at least one slot, not " + slots);
        this.model = model;
        this.limits = limits;
        this.slots = slots;
        this.turns = new Semaphore(slots, true);
    }

    /**
     * Waits for the model's turn.
     *
     * @throws RequestException 429 when the queue is full, 504 when the wait outlasts the request timeout, 503 when the
     *                          queue was stopped
     */
    public Turn enter() {
        long start = System.nanoTime();
        if (stopped) throw RequestException.serverStopping();
        try {
            // tryAcquire with a timeout keeps the arrival order, which tryAcquire() would not; a free slot is not a wait
            if (!turns.tryAcquire(0, TimeUnit.NANOSECONDS) && !await(start)) throw RequestException.timeout(model, limits.requestTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RequestException.serverStopping();
        }
        Turn entered = new Turn(start);
        try {
            entered.check();
        } catch (RuntimeException e) {
            turns.release();
            throw e;
        }
        return entered;
    }

    /** Joins the queue unless it is full; whether the turn came within the request timeout. */
    private boolean await(long start) throws InterruptedException {
        if (waiting.incrementAndGet() > limits.maxWaiting()) {
            waiting.decrementAndGet();
            throw RequestException.queueFull(model, retryAfterSeconds());
        }
        try {
            return turns.tryAcquire(limits.requestTimeout().toNanos() - (System.nanoTime() - start), TimeUnit.NANOSECONDS);
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** How many requests wait for their turn now. */
    public int waiting() {
        return waiting.get();
    }

    /** When a place is likely to free: the queue ahead, at the recent time per request over the slots; at least a second. */
    private long retryAfterSeconds() {
        double seconds = durations.average() / 1e9 * (waiting.get() + 1) / slots;
        return Math.max(1, (long) Math.ceil(seconds));
    }

    /**
     * Ends the running generations at their next token and every waiting request at its turn, then returns holding
     * every slot, so the caller can release the model. The queue takes no requests afterwards; calling it again does
     * nothing.
     */
    public synchronized void stop() {
        stopped = true;
        if (drained) return;
        turns.acquireUninterruptibly(slots); // fair: the waiting requests take their turns (and fail) first
        drained = true;
    }

    /** The average of the last few request durations, in nanoseconds; 0 before the first. */
    private static final class RecentDurations {
        private static final int KEPT = 16;
        private final long[] nanos = new long[KEPT];
        private int count;

        synchronized void add(long duration) {
            nanos[count++ % KEPT] = duration;
        }

        synchronized double average() {
            int n = Math.min(count, KEPT);
            long sum = 0;
            for (int i = 0; i < n; i++) sum += nanos[i];
            return n == 0 ? 0 : (double) sum / n;
        }
    }
}

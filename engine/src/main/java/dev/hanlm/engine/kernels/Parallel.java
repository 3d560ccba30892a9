package dev.hanlm.engine.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed pool of platform threads, one per core (or {@code -Dhanlm.threads=N}), that runs a range of work items as
 * a few contiguous chunks per thread, taken in turn by whichever thread is free, the calling thread included. A
 * thread that the system has put aside (these cores are shared with the server's HTTP side and everything else) then
 * delays one chunk, not half the call: the caller never waits for a worker that has not started, only for chunks
 * already taken. Workers spin briefly before parking, since a decode step hands out dozens of short jobs. Calls from
 * several threads take turns; a call made from inside a job runs on the calling thread.
 */
public final class Parallel {
    /** A job over items {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private static final int SPINS = 2000;
    /** Chunks per thread: enough that a late thread's share goes to the others, few enough to keep chunks long. */
    private static final int CHUNKS_PER_THREAD = 4;
    private static final Parallel POOL = new Parallel(Integer.getInteger("hanlm.threads",
            Runtime.getRuntime().availableProcessors()));

    private final Thread[] workers;
    private final ReentrantLock turn = new ReentrantLock();
    /** The latest call; a worker runs chunks of each new one it sees. */
    private volatile Call current;

    /** One call: its job cut into chunks, the next to take, and how many have ended. */
    private static final class Call {
        private final Range job;
        private final int items;
        private final int chunks;
        private final Thread caller = Thread.currentThread();
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private volatile Throwable failure;

        private Call(Range job, int items, int chunks) {
            this.job = job;
            this.items = items;
            this.chunks = chunks;
        }

        /** Runs chunks until none is left to take; whoever ends the last one wakes the caller. */
        private void work() {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    job.run(bound(c), bound(c + 1));
                } catch (Throwable t) {
                    failure = t;
                }
                if (done.incrementAndGet() == chunks && Thread.currentThread() != caller) LockSupport.unpark(caller);
            }
        }

        /** Start of chunk {@code c}; chunk {@code chunks} ends at {@code items}. */
        private int bound(int c) {
            return (int) ((long) items * c / chunks);
        }
    }

    private Parallel(int threads) {
        workers = new Thread[Math.max(0, threads - 1)];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = Thread.ofPlatform().daemon().name("hanlm-kernel-" + (i + 1)).start(this::work);
        }
    }

    /** Number of threads jobs are split over, the caller included. */
    public static int threads() {
        return POOL.workers.length + 1;
    }

    /** Runs {@code job} over {@code [0, items)}, cut into contiguous chunks across the pool; returns when all are done. */
    public static void forRange(int items, Range job) {
        POOL.run(items, job);
    }

    private void run(int n, Range body) {
        int chunks = Math.min(n, (workers.length + 1) * CHUNKS_PER_THREAD);
        if (workers.length == 0 || chunks <= 1 || turn.isHeldByCurrentThread() || isWorker(Thread.currentThread())) {
            body.run(0, n);
            return;
        }
        turn.lock();
        try {
            Call call = new Call(body, n, chunks);
            current = call;
            for (Thread w : workers) LockSupport.unpark(w);
            call.work();
            for (int spins = 0; call.done.get() < chunks; spins++) {
                if (spins < SPINS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            Throwable t = call.failure;
            if (t instanceof RuntimeException e) throw e;
            if (t instanceof Error e) throw e;
        } finally {
            turn.unlock();
        }
    }

    private boolean isWorker(Thread t) {
        for (Thread w : workers) if (w == t) return true;
        return false;
    }

    private void work() {
        Call seen = null;
        while (true) {
            for (int spins = 0; current == seen; spins++) {
                if (spins < SPINS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            seen = current;
            seen.work();
        }
    }
}

package dev.hanlm.engine.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed pool of platform threads, one per core (or {@code -Dhanlm.threads=N}), that runs a range of work items in
 * contiguous chunks taken by whichever thread is free, the calling thread included. Chunks shrink as the range runs
 * out (guided scheduling): each takes a share of what is left, so the first are long and the last are single items,
 * and the threads end a call at most about one item apart. A thread that the system has put aside (these cores are
 * shared with the server's HTTP side and everything else) then delays one chunk, not half the call: the caller never
 * waits for a worker that has not started, only for chunks already taken. Workers spin briefly before parking, since
 * a decode step hands out dozens of short jobs. Calls from several threads take turns; a call made from inside a job
 * runs on the calling thread.
 */
public final class Parallel {
    /** A job over items {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private static final int SPINS = 2000;
    /**
     * A chunk takes 1 / (SHARES x threads) of the items left. Eight equal chunks per call (four per thread) left the two
     * threads of a Llama decode step 6.5% of their time idle at the ends of calls (an item of gate and up is 1/152 of
     * the call, a chunk 19 items); shrinking chunks leave 2.5%.
     */
    private static final int SHARES = 4;
    private static final Parallel POOL = new Parallel(Integer.getInteger("hanlm.threads",
            Runtime.getRuntime().availableProcessors()));

    private final Thread[] workers;
    private final ReentrantLock turn = new ReentrantLock();
    /** The latest call; a worker runs chunks of each new one it sees. */
    private volatile Call current;

    /** One call: its job, the next item to take, and how many items have ended. */
    private static final class Call {
        private final Range job;
        private final int items;
        /** Divides the items left into the next chunk's size. */
        private final int divisor;
        private final Thread caller = Thread.currentThread();
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private volatile Throwable failure;

        private Call(Range job, int items, int threads) {
            this.job = job;
            this.items = items;
            this.divisor = SHARES * threads;
        }

        /** Runs chunks until none is left to take; whoever ends the last one wakes the caller. */
        private void work() {
            for (int from = next.get(); from < items; from = next.get()) {
                int to = from + Math.max(1, (items - from) / divisor);
                if (!next.compareAndSet(from, to)) continue;
                try {
                    job.run(from, to);
                } catch (Throwable t) {
                    failure = t;
                }
                if (done.addAndGet(to - from) == items && Thread.currentThread() != caller) LockSupport.unpark(caller);
            }
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
        if (workers.length == 0 || n <= 1 || turn.isHeldByCurrentThread() || isWorker(Thread.currentThread())) {
            body.run(0, n);
            return;
        }
        turn.lock();
        try {
            Call call = new Call(body, n, workers.length + 1);
            current = call;
            for (Thread w : workers) LockSupport.unpark(w);
            call.work();
            for (int spins = 0; call.done.get() < n; spins++) {
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

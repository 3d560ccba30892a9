package dev.hanlm.engine.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed pool of platform threads, one per core (or {@code -Dhanlm.threads=N}), that splits a range of work items
 * into one contiguous part per thread; the calling thread does the first part. Workers spin briefly before parking,
 * since a decode step hands out dozens of short jobs. Calls from several threads take turns; a call made from inside
 * a job runs on the calling thread.
 */
public final class Parallel {
    /** A job over items {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private static final int SPINS = 2000;
    private static final Parallel POOL = new Parallel(Integer.getInteger("hanlm.threads",
            Runtime.getRuntime().availableProcessors()));

    private final Thread[] workers;
    private final ReentrantLock turn = new ReentrantLock();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile Thread caller;
    private Range job;
    private int items;
    private int parts;
    private volatile Throwable failure;

    private Parallel(int threads) {
        workers = new Thread[Math.max(0, threads - 1)];
        for (int i = 0; i < workers.length; i++) {
            int part = i + 1;
            workers[i] = Thread.ofPlatform().daemon().name("hanlm-kernel-" + part).start(() -> work(part));
        }
    }

    /** Number of threads jobs are split over, the caller included. */
    public static int threads() {
        return POOL.workers.length + 1;
    }

    /** Runs {@code job} over {@code [0, items)}, split into contiguous parts across the pool; returns when all are done. */
    public static void forRange(int items, Range job) {
        POOL.run(items, job);
    }

    private void run(int n, Range body) {
        int p = Math.min(n, workers.length + 1);
        if (p <= 1 || turn.isHeldByCurrentThread() || isWorker(Thread.currentThread())) {
            body.run(0, n);
            return;
        }
        turn.lock();
        try {
            job = body;
            items = n;
            parts = p;
            failure = null;
            caller = Thread.currentThread();
            // every worker reports back, idle or not, so none can still be reading this call's fields in the next
            pending.set(workers.length);
            generation++;
            for (Thread w : workers) LockSupport.unpark(w);
            body.run(0, bound(1));
            for (int spins = 0; pending.get() > 0; spins++) {
                if (spins < SPINS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            job = null;
            Throwable t = failure;
            if (t instanceof RuntimeException e) throw e;
            if (t instanceof Error e) throw e;
        } finally {
            turn.unlock();
        }
    }

    /** Start of part {@code part}; part {@code parts} ends at {@code items}. */
    private int bound(int part) {
        return (int) ((long) items * part / parts);
    }

    private boolean isWorker(Thread t) {
        for (Thread w : workers) if (w == t) return true;
        return false;
    }

    private void work(int part) {
        int seen = 0;
        while (true) {
            for (int spins = 0; generation == seen; spins++) {
                if (spins < SPINS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            seen = generation;
            if (part < parts) {
                try {
                    job.run(bound(part), bound(part + 1));
                } catch (Throwable t) {
                    failure = t;
                }
            }
            if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
        }
    }
}

package dev.hanlm.engine.kernels;

/** Runs code with every {@link Parallel} job inside it on the calling thread, to compare against the whole pool. */
public final class OneThread {
    private OneThread() {}

    public static void run(Runnable code) {
        // a Parallel call made from inside a job runs on the calling thread; the first part of this job is the caller's
        Parallel.forRange(2, (from, to) -> {
            if (from == 0) code.run();
        });
    }
}

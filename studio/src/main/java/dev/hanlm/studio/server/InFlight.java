package dev.hanlm.studio.server;

import dev.hanlm.studio.RequestException;
import io.javalin.http.Handler;
import java.time.Duration;

/** The completion requests being answered, so that a stopping server refuses new ones (503) and waits for these. */
public final class InFlight {
    private int running;
    private boolean stopping;

    /** {@code handler}, counted while it runs and refused once the server stops. */
    public Handler counting(Handler handler) {
        return ctx -> {
            enter();
            try {
                handler.handle(ctx);
            } finally {
                exit();
            }
        };
    }

    private synchronized void enter() {
        if (stopping) throw RequestException.serverStopping();
        running++;
    }

    private synchronized void exit() {
        running--;
        notifyAll();
    }

    /** Refuses new requests from now on, and waits up to {@code limit} for the running ones; whether they all ended. */
    synchronized boolean stop(Duration limit) {
        stopping = true;
        long end = System.nanoTime() + limit.toNanos();
        try {
            for (long left = limit.toNanos(); running > 0 && left > 0; left = end - System.nanoTime()) {
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return running == 0;
    }
}

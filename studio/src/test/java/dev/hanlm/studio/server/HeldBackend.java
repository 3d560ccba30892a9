package dev.hanlm.studio.server;

import dev.hanlm.studio.Backend;
import dev.hanlm.studio.Completion;
import dev.hanlm.studio.CompletionListener;
import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.ModelQueue;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A model that takes its turns as {@link dev.hanlm.studio.LocalBackend} does, sends one piece of text "a", and then
 * "generates" (checking its turn every few milliseconds, as between tokens) until the test releases it: so a test
 * decides when a generation ends, and sees when one has begun.
 */
final class HeldBackend implements Backend {
    static final String MODEL = "held";

    private final ModelQueue queue;
    private final Semaphore started = new Semaphore(0);
    private final CountDownLatch released = new CountDownLatch(1);

    HeldBackend(ModelQueue.Limits limits) {
        this.queue = new ModelQueue(MODEL, limits);
    }

    /** Waits until another generation has begun. */
    void awaitStart() throws InterruptedException {
        if (!started.tryAcquire(10, TimeUnit.SECONDS)) throw new AssertionError("no generation began");
    }

    /** Lets every generation, running or to come, finish. */
    void release() {
        released.countDown();
    }

    @Override
    public String id() {
        return MODEL;
    }

    @Override
    public Completion complete(CompletionRequest request, CompletionListener listener) {
        try (ModelQueue.Turn turn = queue.enter()) {
            listener.onDelta(0, "a", List.of());
            started.release();
            while (!released.await(5, TimeUnit.MILLISECONDS)) turn.check();
            Completion.Choice choice = new Completion.Choice(0, "a", Completion.STOP, List.of(), 1);
            listener.onChoiceEnd(choice);
            return new Completion(List.of(choice), 1, 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int waiting() {
        return queue.waiting();
    }

    @Override
    public void endRequests() {
        queue.stop();
    }

    @Override
    public void close() {
        queue.stop();
    }
}

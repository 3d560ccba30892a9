package dev.hanlm.studio;

import dev.hanlm.engine.BatchDecoder;
import dev.hanlm.engine.GeneratedToken;
import dev.hanlm.engine.Generation;
import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.GenerationResult;
import dev.hanlm.engine.Generator;
import dev.hanlm.engine.LanguageModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Continuous batching for one local model: one thread runs every generation of the model together. Each step samples
 * a token of every running generation (handed to its request's {@link Job}) and then runs all those tokens through
 * the model in one batched decode step, which reads the weights once for all of them. A new generation is prefilled
 * and joins between steps; one that ends, fails, runs out of time or is cancelled (its client left) leaves at once.
 * How many run together is bounded by the {@link ModelQueue}'s slots, which requests hold while their jobs run.
 *
 * <p>Each generation keeps its own {@link Generator} (a KV cache) while it runs; the generators are reused, a new
 * generation taking the free one whose cache holds the longest part of its prompt (a chat's history is not rerun).
 * Sampling, stop sequences and log-probabilities stay each generation's own, and a batched step computes each row as
 * a lone step does, so a request gets exactly the tokens it would get alone.
 */
final class ContinuousBatcher implements AutoCloseable {
    /** What the loop reports to a job's request thread, in order: tokens, then one end. */
    sealed interface Event {}

    record Token(GeneratedToken token, String text) implements Event {}

    record Done(GenerationResult result) implements Event {}

    record Failed(RuntimeException error) implements Event {}

    /** One generation a request asked for: submitted by the request's thread, which reads its events. */
    static final class Job {
        private final int[] prompt;
        private final GenerationOptions options;
        private final ModelQueue.Turn turn;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private volatile boolean cancelled;

        private Job(int[] prompt, GenerationOptions options, ModelQueue.Turn turn) {
            this.prompt = prompt;
            this.options = options;
            this.turn = turn;
        }

        /** Waits for the next event. */
        Event next() throws InterruptedException {
            return events.take();
        }

        /** Ends the generation at the loop's next step (the request is gone); nothing once it has ended. */
        void cancel() {
            cancelled = true;
        }
    }

    /** A running generation and the generator whose cache it holds. */
    private record Running(Job job, Generator generator, Generation generation) {}

    private final LanguageModel model;
    private final BatchDecoder decoder;
    private final BlockingQueue<Job> submitted = new LinkedBlockingQueue<>();
    /** Generators not in use, for new generations. Used by the loop thread only. */
    private final List<Generator> free = new ArrayList<>();
    private final List<Running> running = new ArrayList<>();
    private final Thread loop;
    private volatile boolean closing;
    /** The most generations run in one decode step so far. */
    private volatile int largestBatch;
    /** Decode steps run, the rows they ran and the generations running now; written by the loop thread only. */
    private volatile long steps;
    private volatile long rows;
    private volatile int runningNow;

    ContinuousBatcher(String id, LanguageModel model) {
        this.model = model;
        this.decoder = model.newBatchDecoder();
        this.loop = Thread.ofPlatform().daemon().name("hanlm-batch-" + id).start(this::run);
    }

    /** Queues a generation for the loop to start between two steps; the caller holds {@code turn} until it ends. */
    Job submit(int[] prompt, GenerationOptions options, ModelQueue.Turn turn) {
        Job job = new Job(prompt, options, turn);
        submitted.add(job);
        return job;
    }

    private void run() {
        while (!closing) {
            try {
                Job job = running.isEmpty() ? submitted.take() : submitted.poll();
                dropCancelled(); // their places go to the new ones
                for (; job != null; job = submitted.poll()) start(job);
                step();
            } catch (InterruptedException e) {
                // close() wakes the loop to end it
            } catch (Throwable t) {
                // a failed batched step leaves no generation in a known state: end them all, and keep serving
                RuntimeException error = t instanceof RuntimeException r ? r : new IllegalStateException(t);
                for (Running r : running) fail(r, error);
                running.clear();
            }
        }
        RuntimeException stopping = RequestException.serverStopping();
        running.forEach(r -> r.job.events.add(new Failed(stopping)));
        for (Job job = submitted.poll(); job != null; job = submitted.poll()) job.events.add(new Failed(stopping));
    }

    /** Prefills a job's prompt into the free generator that holds most of it; it joins the next step. */
    private void start(Job job) {
        if (job.cancelled) return;
        Generator generator = free.stream().max(Comparator.comparingInt(g -> g.cachedPrefix(job.prompt)))
                .orElseGet(() -> new Generator(model));
        free.remove(generator);
        try {
            job.turn.check();
            Generation generation = generator.start(job.prompt, job.options, (token, text) -> job.events.add(new Token(token, text)));
            running.add(new Running(job, generator, generation));
        } catch (RuntimeException e) {
            free.add(generator);
            job.events.add(new Failed(e));
        }
    }

    /** Samples a token of every running generation, lets the ended ones go, and runs the rest's tokens in one pass. */
    private void step() {
        for (Iterator<Running> it = running.iterator(); it.hasNext(); ) {
            Running r = it.next();
            if (!r.job.cancelled) {
                try {
                    r.job.turn.check();
                    if (r.generation.next()) continue;
                    r.job.events.add(new Done(r.generation.result()));
                } catch (RuntimeException e) {
                    r.job.events.add(new Failed(e));
                }
            }
            it.remove();
            free.add(r.generator);
        }
        runningNow = running.size();
        if (running.isEmpty()) return;
        largestBatch = Math.max(largestBatch, running.size());
        Generation.decode(running.stream().map(Running::generation).toList(), decoder);
        rows += running.size();
        steps++;
    }

    private void fail(Running r, RuntimeException error) {
        r.job.events.add(new Failed(error));
        free.add(r.generator);
    }

    /** Lets the generations whose requests are gone leave. */
    private void dropCancelled() {
        for (Iterator<Running> it = running.iterator(); it.hasNext(); ) {
            Running r = it.next();
            if (r.job.cancelled) {
                it.remove();
                free.add(r.generator);
            }
        }
    }

    int largestBatch() {
        return largestBatch;
    }

    /** The decode steps so far; read as three fields, so a step may land between them (a scrape's small skew). */
    BatchCounts counts() {
        return new BatchCounts(steps, rows, runningNow);
    }

    /** Ends the loop; jobs still running or queued fail as the server stops (503). Waits for the loop to end. */
    @Override
    public void close() {
        closing = true;
        loop.interrupt();
        try {
            loop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

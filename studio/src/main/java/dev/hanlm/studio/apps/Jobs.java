package dev.hanlm.studio.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.RequestException;
import dev.hanlm.studio.server.EventStream;
import io.javalin.http.Context;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Studio's background jobs, run one at a time on one thread (each keeps the cores busy; two would only share
 * them), kept in memory for watching ({@code GET /api/jobs/{id}}, or its events as SSE). What a job makes is stored
 * by the job itself, so a restart loses only the progress of running ones.
 */
final class Jobs implements AutoCloseable {
    /** A job's work: reports progress on the job, returns its result. */
    @FunctionalInterface
    interface Work {
        JsonNode run(Job job) throws Exception;
    }

    /** How long an event stream waits before it sends the job's state again (keeping proxies from closing it). */
    private static final long HEARTBEAT_MILLIS = 15_000;

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("hanlm-studio-job").unstarted(r));

    Job submit(String kind, Work work) {
        Job job = new Job(kind + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), kind);
        jobs.put(job.id(), job);
        runner.execute(() -> {
            try {
                job.finish(work.run(job));
            } catch (RequestException e) {
                job.fail(e.getMessage());
            } catch (Exception e) {
                System.err.println("hanlm studio: the job " + job.id() + " failed: " + e);
                job.fail(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        });
        return job;
    }

    Job get(String id) {
        Job job = jobs.get(id);
        if (job == null) throw new RequestException(404, null, "job_not_found", "there is no job '" + id + "'");
        return job;
    }

    /** Streams the job's states as server-sent events, from its first, until it has ended. */
    void stream(Context ctx, Job job) throws InterruptedException {
        EventStream events = new EventStream(ctx.res());
        int seen = 0;
        while (true) {
            ObjectNode event = job.event(seen, HEARTBEAT_MILLIS);
            if (event != null) {
                events.send(event);
                seen++;
            } else if (job.finished()) {
                events.done();
                return;
            } else {
                events.send(job.state());
            }
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}

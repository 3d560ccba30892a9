package dev.hanlm.studio.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.server.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A background job of the Studio (an evaluation, a p-tuning run) as its watchers see it: a status, progress as done of
 * total, a line on what it does, and at the end its result or why it failed. Each change is kept as an event (the
 * job's state then), so a watcher who comes late is shown what happened first.
 */
public final class Job {
    public enum Status { QUEUED, RUNNING, DONE, FAILED }

    private final String id;
    private final String kind;
    private final List<ObjectNode> events = new ArrayList<>();
    private Status status = Status.QUEUED;
    private int done, total;
    private String message = "";
    private JsonNode detail, result;
    private String error;

    Job(String id, String kind) {
        this.id = id;
        this.kind = kind;
        events.add(state());
    }

    public String id() {
        return id;
    }

    /** Progress: {@code done} of {@code total}, what is going on, and facts of the moment (a step's loss). */
    public synchronized void progress(int done, int total, String message, JsonNode detail) {
        this.status = Status.RUNNING;
        this.done = done;
        this.total = total;
        this.message = message;
        this.detail = detail;
        changed();
    }

    synchronized void finish(JsonNode result) {
        this.status = Status.DONE;
        this.done = total;
        this.result = result;
        ended();
    }

    synchronized void fail(String error) {
        this.status = Status.FAILED;
        this.error = error;
        ended();
    }

    public synchronized boolean finished() {
        return status == Status.DONE || status == Status.FAILED;
    }

    public synchronized ObjectNode state() {
        ObjectNode s = Json.object().put("id", id).put("object", "job").put("kind", kind).put("status", status.name().toLowerCase(java.util.Locale.ROOT))
                .put("done", done).put("total", total).put("message", message);
        if (detail != null) s.set("detail", detail);
        if (result != null) s.set("result", result);
        if (error != null) s.put("error", error);
        return s;
    }

    /** The event after the first {@code seen}, waiting up to {@code waitMillis} for it; null when none came (yet). */
    synchronized ObjectNode event(int seen, long waitMillis) throws InterruptedException {
        if (seen >= events.size() && !finished()) wait(waitMillis);
        return seen < events.size() ? events.get(seen) : null;
    }

    /** The last progress's facts belong to its own event: the end repeating them would report them twice (a dev score). */
    private void ended() {
        this.detail = null;
        changed();
    }

    private void changed() {
        events.add(state());
        notifyAll();
    }
}

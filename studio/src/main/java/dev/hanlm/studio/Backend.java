package dev.hanlm.studio;

import java.util.List;
import java.util.Optional;

/**
 * What serves one model: the local engine ({@link LocalBackend}) or an OpenAI-compatible server elsewhere
 * ({@link dev.hanlm.studio.remote.RemoteBackend}). The server only talks to this interface, so they plug in
 * unchanged.
 */
public interface Backend extends AutoCloseable {
    /** The model id clients name in requests. */
    String id();

    /**
     * Generates the request's choices, streaming them to {@code listener}, and returns them. May be called from many
     * threads at once; a backend that cannot run them together makes them wait their turn.
     *
     * @throws RequestException when the request does not suit this model (a prompt too long for its context)
     */
    Completion complete(CompletionRequest request, CompletionListener listener);

    /**
     * The tokens a text prompt becomes for this model, each as its text, for a live token count; empty when this
     * backend cannot tell (a remote model, whose tokenizer is elsewhere).
     */
    default Optional<List<String>> tokens(String text) {
        return Optional.empty();
    }

    /** How many requests are waiting for their turn now (the queue depth). */
    int waiting();

    /** The decode steps this backend has batched here; empty for one that does not batch here (a remote model). */
    default Optional<BatchCounts> batching() {
        return Optional.empty();
    }

    /**
     * Ends the requests it runs or queues (503, a stream's at its next token) and refuses new ones, for a server that
     * stops. A remote backend does nothing: its requests end with the server's connections.
     */
    default void endRequests() {}

    @Override
    void close();
}

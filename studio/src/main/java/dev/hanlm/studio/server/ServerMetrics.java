package dev.hanlm.studio.server;

import dev.hanlm.studio.Backend;
import dev.hanlm.studio.Completion;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * What {@code GET /metrics} reports, in Prometheus' text format: requests by route, method and status, their
 * latency, the prompt and generated tokens of each model's answered requests, each model's queue depth, and a local
 * model's batched decode steps (their rows, and the generations running now).
 */
final class ServerMetrics {
    /** Latency buckets in seconds: a health check takes milliseconds, a long generation minutes. */
    private static final double[] LATENCY_BOUNDS = {0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder().name("hanlm_http_requests_total")
            .help("HTTP requests answered, by route, method and status").labelNames("route", "method", "status").build();
    private final Histogram latency = Histogram.builder().name("hanlm_http_request_duration_seconds")
            .help("Time from a request's arrival to the end of its answer (the whole stream)").labelNames("route")
            .classicOnly().classicUpperBounds(LATENCY_BOUNDS).build();
    private final Counter promptTokens = Counter.builder().name("hanlm_prompt_tokens_total")
            .help("Prompt tokens of answered completion requests").labelNames("model").build();
    private final Counter generatedTokens = Counter.builder().name("hanlm_generated_tokens_total")
            .help("Tokens generated for answered completion requests").labelNames("model").build();

    ServerMetrics(Collection<Backend> backends) {
        registry.register(requests);
        registry.register(latency);
        registry.register(promptTokens);
        registry.register(generatedTokens);
        registry.register(GaugeWithCallback.builder().name("hanlm_queue_depth")
                .help("Requests waiting for their model").labelNames("model")
                .callback(gauge -> backends.forEach(b -> gauge.call(b.waiting(), b.id()))).build());
        // a local model's continuous batching: rows / steps is the mean batch size over any interval
        registry.register(CounterWithCallback.builder().name("hanlm_decode_steps_total")
                .help("Batched decode steps run, each one token of every generation running then").labelNames("model")
                .callback(c -> backends.forEach(b -> b.batching().ifPresent(n -> c.call(n.steps(), b.id())))).build());
        registry.register(CounterWithCallback.builder().name("hanlm_decode_rows_total")
                .help("Tokens the batched decode steps ran (divided by the steps: the mean batch size)").labelNames("model")
                .callback(c -> backends.forEach(b -> b.batching().ifPresent(n -> c.call(n.rows(), b.id())))).build());
        registry.register(GaugeWithCallback.builder().name("hanlm_running_generations")
                .help("Generations in the model's running batch").labelNames("model")
                .callback(g -> backends.forEach(b -> b.batching().ifPresent(n -> g.call(n.running(), b.id())))).build());
    }

    /** Counts an answered request; {@code route} is the route's pattern, never the raw path. */
    void request(String route, String method, int status, double seconds) {
        requests.labelValues(route, method, Integer.toString(status)).inc();
        latency.labelValues(route).observe(seconds);
    }

    void tokens(String model, Completion completion) {
        promptTokens.labelValues(model).inc(completion.promptTokens());
        generatedTokens.labelValues(model).inc(completion.completionTokens());
    }

    String contentType() {
        return writer.getContentType();
    }

    String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}

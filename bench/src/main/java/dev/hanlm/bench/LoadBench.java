package dev.hanlm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N concurrent streaming clients against one model of a running {@code hanlm serve} (bench/load.sh starts it). Each
 * client sends its own prompt, greedy, with a fixed {@code max_tokens}, one request after another, until every client
 * has sent {@code --requests} (or exactly that many each, {@code --exact true}); tokens are counted
 * by the server's {@code usage} (a reply may end early at the end-of-text token). Reference texts are taken
 * first with one client at a time; under load every response must equal its prompt's reference, else another's tokens
 * (or a lost request) would show. An unmeasured round at the largest client count comes before the measured ones, so
 * that every figure is of a server whose batched path the JIT has already compiled. Prints one RESULT line per N:
 * aggregate tokens/s, time to first token p50/p99, and the mean batch size of the server's decode steps over the round
 * (its {@code /metrics}).
 *
 * With {@code --repeat K} the client counts take turns K times, and a SUMMARY line per N gives the median over the
 * rounds of tokens/s and of its ratio to the single stream of the same round.
 *
 * <pre>LoadBench --url http://127.0.0.1:8080 --model NAME --clients 1,2,4,8 --requests 4 --max-tokens 64 [--exact true] [--repeat K]</pre>
 */
public final class LoadBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WARM_UP_REQUESTS = 8;
    /**
     * One prompt per client (DecodeStepBench takes them too). The bundled model continues each greedily for the whole
     * 64 tokens, as it does the single stream's, so that every client streams as long as the baseline (two earlier
     * prompts ended after 4-5 tokens, and their clients spent the round on requests instead of tokens).
     */
    static final String[] PROMPTS = {
        "옛날 옛적에 한 마을에", "서울의 봄 날씨는", "제주도 여행을 가면", "한국어 자연어 처리는",
        "바다가 보이는 작은 집에서", "우리 학교 도서관에는", "조선 시대에는", "기차를 타고 부산에 가면",
    };

    /** One streamed response: its text, its tokens, and when its first text came. */
    record Stream(String text, int tokens, double firstTokenSeconds, double seconds) {}

    private LoadBench() {}

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:8080", model = "hanlm-mini-ko";
        int[] clients = {1, 2, 4, 8};
        int requests = 4, maxTokens = 64;
        boolean exact = false;
        int repeat = 1;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--exact" -> exact = Boolean.parseBoolean(args[i + 1]);
                case "--repeat" -> repeat = Integer.parseInt(args[i + 1]);
                case "--url" -> url = args[i + 1];
                case "--model" -> model = args[i + 1];
                case "--clients" -> clients = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--requests" -> requests = Integer.parseInt(args[i + 1]);
                case "--max-tokens" -> maxTokens = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see bench/load.sh)");
            }
        }
        int most = Arrays.stream(clients).max().orElse(1);
        if (most > PROMPTS.length) throw new IllegalArgumentException("at most " + PROMPTS.length + " clients: one prompt each");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = url, name = model;
        int max = maxTokens;

        // warm-up (JIT) and the reference text of each prompt, one request at a time
        for (int i = 0; i < 2; i++) complete(http, base, name, PROMPTS[0], max);
        String[] reference = new String[most];
        for (int c = 0; c < most; c++) reference[c] = complete(http, base, name, PROMPTS[c], max).text();

        // then the server's batched path, until the JIT has compiled it: one unmeasured round at the most clients
        round(http, base, name, most, WARM_UP_REQUESTS, max, true);

        // the client counts take turns, round after round, so that the machine's drift falls on all of them alike
        double[][] rates = new double[clients.length][repeat];
        for (int r = 0; r < repeat; r++) for (int j = 0; j < clients.length; j++) {
            int n = clients[j];
            double[] before = batching(http, base, name);
            long start = System.nanoTime();
            List<List<Stream>> perClient = round(http, base, name, n, requests, max, exact);
            double wall = (System.nanoTime() - start) / 1e9;
            double[] after = batching(http, base, name);
            double meanBatch = (after[1] - before[1]) / (after[0] - before[0]);
            List<Stream> streams = new ArrayList<>();
            int wrong = 0, lost = 0;
            for (int c = 0; c < n; c++) {
                if (perClient.get(c) == null) {
                    lost += requests;
                    continue;
                }
                for (Stream s : perClient.get(c)) {
                    if (!s.text().equals(reference[c])) wrong++;
                    streams.add(s);
                }
            }
            int tokens = streams.stream().mapToInt(Stream::tokens).sum(), sent = streams.size() + lost;
            double[] ttft = streams.stream().mapToDouble(Stream::firstTokenSeconds).sorted().toArray();
            rates[j][r] = tokens / wall;
            System.out.printf("RESULT clients=%d requests=%d tokens=%d seconds=%.2f tokens_per_s=%.1f ttft_p50_ms=%.1f ttft_p99_ms=%.1f"
                            + " wrong=%d lost=%d mean_batch=%.2f round=%d%n", n, sent, tokens, wall, tokens / wall,
                    1000 * percentile(ttft, 50), 1000 * percentile(ttft, 99), wrong, lost, meanBatch, r + 1);
        }
        int single = Arrays.stream(clients).boxed().toList().indexOf(1);
        for (int j = 0; j < clients.length && single >= 0; j++) {
            // each round's rate over the single stream of the same round, then the median of those ratios
            List<Double> ratios = new ArrayList<>(), mine = new ArrayList<>();
            for (int r = 0; r < repeat; r++) {
                ratios.add(rates[j][r] / rates[single][r]);
                mine.add(rates[j][r]);
            }
            System.out.printf("SUMMARY clients=%d rounds=%d tokens_per_s_median=%.1f x_single_median=%.2f x_single_min=%.2f x_single_max=%.2f%n",
                    clients[j], repeat, EngineBench.median(mine), EngineBench.median(ratios), Collections.min(ratios), Collections.max(ratios));
        }
    }

    /**
     * n clients at once, client c sending prompt c one request after another: each client's streams, or null if it
     * failed. With {@code exact}, each client sends {@code requests}; otherwise a client that has sent them goes on until
     * every client has, so that all n streams stay busy to the end (greedy prompts end at different lengths, and a
     * client whose replies are short would otherwise leave the round to fewer streams for much of its time).
     */
    private static List<List<Stream>> round(HttpClient http, String url, String model, int n, int requests, int maxTokens,
                                            boolean exact) {
        List<List<Stream>> results = new ArrayList<>();
        AtomicInteger behind = new AtomicInteger(n);
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<CompletableFuture<List<Stream>>> runs = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                String prompt = PROMPTS[c];
                runs.add(CompletableFuture.supplyAsync(() -> {
                    List<Stream> mine = new ArrayList<>();
                    try {
                        while (mine.size() < requests || !exact && behind.get() > 0) {
                            mine.add(complete(http, url, model, prompt, maxTokens));
                            if (mine.size() == requests) behind.decrementAndGet();
                        }
                    } finally {
                        if (mine.size() < requests) behind.decrementAndGet(); // a failed client holds no one up
                    }
                    return mine;
                }, pool));
            }
            for (int c = 0; c < n; c++) {
                try {
                    results.add(runs.get(c).join());
                } catch (RuntimeException e) {
                    System.err.println("client " + c + " failed: " + e);
                    results.add(null);
                }
            }
        }
        return results;
    }

    /** A streamed, greedy completion of {@code prompt}, timed. */
    static Stream complete(HttpClient http, String url, String model, String prompt, int maxTokens) {
        var node = JSON.createObjectNode().put("model", model).put("prompt", prompt).put("max_tokens", maxTokens)
                .put("temperature", 0).put("stream", true);
        node.putObject("stream_options").put("include_usage", true); // the last chunk counts the tokens
        String body = node.toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        try {
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                if (response.statusCode() != 200) throw new IllegalStateException("HTTP " + response.statusCode() + ": " + in.readLine());
                StringBuilder text = new StringBuilder();
                int tokens = 0;
                double first = -1;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!line.startsWith("data: ") || line.equals("data: [DONE]")) continue;
                    JsonNode chunk = JSON.readTree(line.substring(6));
                    if (chunk.has("error")) throw new IllegalStateException("stream failed: " + chunk.get("error"));
                    for (JsonNode choice : chunk.path("choices")) {
                        String delta = choice.path("text").asText("");
                        if (delta.isEmpty()) continue;
                        if (first < 0) first = (System.nanoTime() - start) / 1e9;
                        text.append(delta);
                    }
                    if (chunk.path("usage").has("completion_tokens")) tokens = chunk.get("usage").get("completion_tokens").asInt();
                }
                return new Stream(text.toString(), tokens, first, (System.nanoTime() - start) / 1e9);
            }
        } catch (IOException e) {
            throw new IllegalStateException("request to " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The server's batched decode steps and their rows so far for {@code model} ({@code /metrics}): over a round, rows
     * over steps is the mean batch size the clients got.
     */
    private static double[] batching(HttpClient http, String url, String model) throws IOException, InterruptedException {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double[] counts = new double[2];
        String[] series = {"hanlm_decode_steps_total{model=\"" + model + "\"} ", "hanlm_decode_rows_total{model=\"" + model + "\"} "};
        for (String line : metrics.split("\n")) {
            for (int i = 0; i < 2; i++) if (line.startsWith(series[i])) counts[i] = Double.parseDouble(line.substring(series[i].length()));
        }
        return counts;
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.clamp(rank, 0, sorted.length - 1)];
    }
}

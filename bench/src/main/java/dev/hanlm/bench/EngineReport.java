package dev.hanlm.bench;

import static dev.hanlm.bench.EngineBench.fmt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the lines {@code bench/engine.sh} collected into the tables of docs/BENCHMARKS.md. Lines:
 * <ul>
 *   <li>{@code RESULT {json}}: a hanlm or Jlama run, or the bandwidth measurement ({@link EngineBench});</li>
 *   <li>{@code SGEMM {json}}: the fp32 matmul peak measured with OpenBLAS through numpy;</li>
 *   <li>{@code LLAMACPP shape precision rss_mib {json}}: one llama-bench test (its {@code -o jsonl} line);</li>
 *   <li>{@code BANDWIDTH_AROUND engine shape precision before after}: the bandwidth (GB/s) measured just before and just
 *       after that engine's latest decode of that configuration (hanlm's are in its RESULT line);</li>
 *   <li>{@code FAILED engine shape precision reason}: a configuration that did not run.</li>
 * </ul>
 */
final class EngineReport {
    private EngineReport() {}

    /** Per shape, precision and engine: the figures. */
    record Row(double prefill, double decode, double decode512, double rssMib, double bytesPerToken) {}

    static void print(Path results) throws IOException {
        Map<String, List<Row>> runs = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        Set<String> configs = new LinkedHashSet<>();
        Map<String, Map<String, List<Double>>> llamaRuns = new LinkedHashMap<>();
        Map<String, List<Double>> pairedPercents = new LinkedHashMap<>();
        // per "shape precision engine": (decode tokens/s, bandwidth GB/s measured around that decode)
        Map<String, List<double[]>> pairedDecodes = new LinkedHashMap<>();
        Map<String, Double> lastLlamaDecode = new LinkedHashMap<>();
        List<Double> bandwidths = new ArrayList<>(), sgemms = new ArrayList<>();
        String sgemmKernel = "?";
        List<String> notes = new ArrayList<>();
        for (String line : Files.readAllLines(results)) {
            if (line.startsWith("RESULT ")) {
                JsonNode r = EngineBench.parse(line.substring(7));
                switch (r.path("kind").asText()) {
                    case "bandwidth" -> bandwidths.add(r.get("gbps").asDouble());
                    case "run" -> {
                        String cfg = r.get("shape").asText() + " " + r.get("precision").asText();
                        configs.add(cfg);
                        runs.computeIfAbsent(cfg + " " + r.get("engine").asText(), k -> new ArrayList<>()).add(new Row(r.get("prefill_tps").asDouble(),
                                r.get("decode_tps").asDouble(), r.get("decode512_tps").asDouble(), r.get("peak_rss_mib").asDouble(),
                                r.path("bytes_per_token").asDouble(Double.NaN)));
                        JsonNode peaks = r.path("prefill_peak_gflops"), samples = r.path("prefill_samples");
                        double flops = prefillFlopsPerToken(RandomModel.Shape.named(r.get("shape").asText()), 512);
                        for (int i = 0; i < peaks.size() && i < samples.size(); i++) {
                            pairedPercents.computeIfAbsent(cfg, k -> new ArrayList<>())
                                    .add(100 * samples.get(i).asDouble() * flops / 1e9 / peaks.get(i).asDouble());
                        }
                        JsonNode around = r.path("decode_bandwidth_gbps"), decodes = r.path("decode_samples");
                        for (int i = 0; i < around.size() && i < decodes.size(); i++) {
                            pairedDecodes.computeIfAbsent(cfg + " " + r.get("engine").asText(), k -> new ArrayList<>())
                                    .add(new double[] {decodes.get(i).asDouble(), around.get(i).asDouble()});
                        }
                    }
                    default -> { }
                }
            } else if (line.startsWith("SGEMM ")) {
                JsonNode r = EngineBench.parse(line.substring(6));
                sgemms.add(r.get("gflops_median").asDouble());
                JsonNode blas = r.path("blas");
                if (blas.isArray() && !blas.isEmpty()) {
                    sgemmKernel = blas.get(0).path("internal_api").asText() + " " + blas.get(0).path("version").asText() + " "
                            + blas.get(0).path("architecture").asText() + " kernel, " + blas.get(0).path("num_threads").asText() + " threads";
                }
            } else if (line.startsWith("LLAMACPP ")) {
                String[] parts = line.split(" ", 5);
                String cfg = parts[1] + " " + parts[2];
                configs.add(cfg);
                JsonNode t = EngineBench.parse(parts[4]);
                Map<String, List<Double>> m = llamaRuns.computeIfAbsent(cfg, k -> new LinkedHashMap<>());
                // builds without -d (b4748, for one) write no n_depth
                String test = t.get("n_prompt").asInt() > 0 ? "pp" : t.path("n_depth").asInt() > 0 ? "tg512" : "tg";
                JsonNode samples = t.path("samples_ts");
                List<Double> xs = new ArrayList<>();
                samples.forEach(x -> xs.add(x.asDouble()));
                double rate = xs.isEmpty() ? t.get("avg_ts").asDouble() : EngineBench.median(xs);
                m.computeIfAbsent(test, k -> new ArrayList<>()).add(rate);
                if (test.equals("tg")) lastLlamaDecode.put(cfg, rate);
                if (test.equals("pp")) m.computeIfAbsent("rss", k -> new ArrayList<>()).add(Double.parseDouble(parts[3]));
            } else if (line.startsWith("BANDWIDTH_AROUND ")) {
                // BANDWIDTH_AROUND engine shape precision before after: around the decode just recorded for it
                String[] parts = line.split(" ");
                String cfg = parts[2] + " " + parts[3];
                Double rate = lastLlamaDecode.remove(cfg);
                if (rate != null && parts.length == 6) {
                    pairedDecodes.computeIfAbsent(cfg + " " + parts[1], k -> new ArrayList<>())
                            .add(new double[] {rate, (Double.parseDouble(parts[4]) + Double.parseDouble(parts[5])) / 2});
                }
            } else if (line.startsWith("FAILED ")) {
                String[] parts = line.split(" ", 5);
                failures.put(parts[2] + " " + parts[3] + " " + parts[1], parts.length > 4 ? parts[4] : "");
            } else if (line.startsWith("NOTE ")) {
                notes.add(line.substring(5));
            }
        }
        double bandwidth = EngineBench.median(bandwidths), sgemm = EngineBench.median(sgemms);
        Map<String, Row> rows = new LinkedHashMap<>();
        runs.forEach((k, list) -> rows.put(k, new Row(med(list, Row::prefill), med(list, Row::decode), med(list, Row::decode512),
                med(list, Row::rssMib), med(list, Row::bytesPerToken))));
        Map<String, Map<String, Double>> llama = new LinkedHashMap<>();
        llamaRuns.forEach((cfg, m) -> {
            Map<String, Double> x = new LinkedHashMap<>();
            m.forEach((test, list) -> x.put(test, EngineBench.median(list)));
            llama.put(cfg, x);
        });

        System.out.println("Memory read bandwidth (2 threads, median): " + fmt(bandwidth) + " GB/s; fp32 sgemm peak: " + fmt(sgemm)
                + " GFLOP/s (" + sgemmKernel + ")" + (bandwidths.size() > 1 ? "; medians of " + bandwidths.size()
                + " runs, bandwidth " + range(bandwidths) + ", sgemm " + range(sgemms) : "") + ".");
        System.out.println();
        System.out.println("| model | precision | prefill 512, tok/s: hanlm / llama.cpp / Jlama | decode tok/s: hanlm / llama.cpp / Jlama "
                + "| decode after 512, tok/s: hanlm / llama.cpp / Jlama | peak RSS, MiB: hanlm / llama.cpp / Jlama |");
        System.out.println("|---|---|---|---|---|---|");
        for (String cfg : configs) {
            Row h = rows.get(cfg + " hanlm"), j = rows.get(cfg + " jlama");
            Map<String, Double> l = llama.getOrDefault(cfg, Map.of());
            String[] sp = cfg.split(" ");
            System.out.printf("| %s | %s | %s / %s / %s | %s / %s / %s | %s / %s / %s | %s / %s / %s |%n", sp[0], sp[1],
                    v(h, Row::prefill), v(l.get("pp")), v(j, Row::prefill),
                    v(h, Row::decode), v(l.get("tg")), v(j, Row::decode),
                    v(h, Row::decode512), v(l.get("tg512")), v(j, Row::decode512),
                    v(h, Row::rssMib), v(l.get("rss")), v(j, Row::rssMib));
        }
        System.out.println();
        System.out.println("| model | precision | weight MB read per token | bandwidth bound, tok/s | hanlm decode, % of bound | llama.cpp decode, % of bound "
                + "| hanlm / llama.cpp decode | prefill GFLOP/s: hanlm / llama.cpp | hanlm prefill, % of sgemm peak |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (String cfg : configs) {
            Row h = rows.get(cfg + " hanlm");
            Map<String, Double> l = llama.getOrDefault(cfg, Map.of());
            String[] sp = cfg.split(" ");
            double bytes = h == null ? Double.NaN : h.bytesPerToken();
            double bound = bandwidth * 1e9 / bytes;
            double flops = prefillFlopsPerToken(RandomModel.Shape.named(sp[0]), 512);
            double hp = h == null ? Double.NaN : h.prefill() * flops / 1e9, lp = l.containsKey("pp") ? l.get("pp") * flops / 1e9 : Double.NaN;
            double hd = h == null ? Double.NaN : h.decode(), ld = l.getOrDefault("tg", Double.NaN);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s / %s | %s |%n", sp[0], sp[1], v(bytes / 1e6), v(bound),
                    percent(100 * hd / bound), percent(100 * ld / bound), ratio(hd / ld), v(hp), v(lp), percent(100 * hp / sgemm));
        }
        if (!pairedPercents.isEmpty()) {
            tableHead("hanlm prefill against the sgemm peak measured just before and just after each prefill (their mean), "
                    + "the median over every timed prefill:", "| model | precision | prefills | hanlm prefill, % of the peak around it: median | min-max |");
            pairedPercents.forEach((cfg, xs) -> {
                String[] sp = cfg.split(" ");
                System.out.printf("| %s | %s | %d | %s%% | %s |%n", sp[0], sp[1], xs.size(), fmt(EngineBench.median(xs)), range(xs));
            });
        }
        if (!pairedDecodes.isEmpty()) {
            tableHead("Decode from an empty context against the bandwidth measured just before and just after it (their mean), "
                    + "the median over every timed decode:",
                    "| model | precision | engine | decodes | bandwidth around them, GB/s | decode, % of the bound around it: median | min-max |");
            for (String cfg : configs) {
                Row h = rows.get(cfg + " hanlm");
                double bytes = h == null ? Double.NaN : h.bytesPerToken();
                for (String engine : List.of("hanlm", "llama.cpp")) {
                    List<double[]> pairs = pairedDecodes.get(cfg + " " + engine);
                    if (pairs == null) continue;
                    List<Double> percents = pairs.stream().map(x -> 100 * x[0] * bytes / (x[1] * 1e9)).toList();
                    String[] sp = cfg.split(" ");
                    System.out.printf("| %s | %s | %s | %d | %s | %s%% | %s |%n", sp[0], sp[1], engine, pairs.size(),
                            range(pairs.stream().map(x -> x[1]).toList()), fmt(EngineBench.median(percents)), range(percents));
                }
            }
        }
        int maxRuns = runs.values().stream().mapToInt(List::size).max().orElse(0);
        if (maxRuns > 1) {
            System.out.println();
            System.out.println("Spread over the " + maxRuns + " runs (min-max of each run's median): ");
            System.out.println();
            System.out.println("| model | precision | engine | prefill tok/s | decode tok/s | decode after 512, tok/s |");
            System.out.println("|---|---|---|---|---|---|");
            for (String cfg : configs) {
                String[] sp = cfg.split(" ");
                for (String engine : List.of("hanlm", "jlama")) {
                    List<Row> list = runs.get(cfg + " " + engine);
                    if (list == null) continue;
                    System.out.printf("| %s | %s | %s | %s | %s | %s |%n", sp[0], sp[1], engine, range(list.stream().map(Row::prefill).toList()),
                            range(list.stream().map(Row::decode).toList()), range(list.stream().map(Row::decode512).toList()));
                }
                Map<String, List<Double>> l = llamaRuns.get(cfg);
                if (l != null) {
                    System.out.printf("| %s | %s | llama.cpp | %s | %s | %s |%n", sp[0], sp[1], range(l.getOrDefault("pp", List.of())),
                            range(l.getOrDefault("tg", List.of())), range(l.getOrDefault("tg512", List.of())));
                }
            }
        }
        if (!failures.isEmpty()) {
            System.out.println();
            failures.forEach((k, why) -> System.out.println("- " + k + " did not run: " + why));
        }
        notes.forEach(n -> System.out.println("- " + n));
    }

    /**
     * Matmul FLOPs per prompt token: 2 per weight of the layers' linear maps, plus the attention products
     * (q.k and the weighted sum of v, 2 FLOPs each per head dim and cached position, over the causal average
     * (n+1)/2 positions) and the LM head once per prompt.
     */
    static double prefillFlopsPerToken(RandomModel.Shape s, int n) {
        long C = s.hidden(), H = s.ffn(), Q = (long) s.heads() * s.headDim(), KV = s.kvDim();
        long layer = s.arch().equals("gpt2") ? 4 * C * C + 2 * C * H : C * Q + 2 * C * KV + Q * C + 3 * C * H;
        double attention = 4.0 * Q * (n + 1) / 2.0;
        return s.layers() * (2.0 * layer + attention) + 2.0 * s.vocab() * C / n;
    }

    private static double med(List<Row> list, java.util.function.ToDoubleFunction<Row> f) {
        return EngineBench.median(list.stream().map(r -> f.applyAsDouble(r)).toList());
    }

    /** A blank line, the caption, a blank line, then the header row and its separator. */
    private static void tableHead(String caption, String header) {
        System.out.println();
        System.out.println(caption);
        System.out.println();
        System.out.println(header);
        System.out.println("|---".repeat((int) header.chars().filter(c -> c == '|').count() - 1) + "|");
    }

    static String range(List<Double> xs) {
        if (xs.isEmpty()) return "–";
        double lo = xs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double hi = xs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return fmt(lo) + "–" + fmt(hi);
    }

    /** A percentage, or a dash where an engine did not run. */
    private static String percent(double x) {
        return Double.isNaN(x) ? "–" : fmt(x) + "%";
    }

    private static String ratio(double x) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.2fx", x);
    }

    private static String v(Double x) {
        return x == null || x.isNaN() ? "–" : fmt(x);
    }

    private static String v(Row r, java.util.function.ToDoubleFunction<Row> f) {
        return r == null ? "–" : v(f.applyAsDouble(r));
    }
}

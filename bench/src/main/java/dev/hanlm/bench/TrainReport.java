package dev.hanlm.bench;

import static dev.hanlm.bench.EngineBench.fmt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the lines {@code bench/train.sh} collected into the table of docs/BENCHMARKS.md: {@code RESULT {json}} of
 * kind {@code train} ({@link GradStepBench#result}), {@code SGEMM {json}} (the fp32 matmul peak), {@code FAILED ...}
 * and {@code NOTE ...} lines. Usage: {@code TrainReport --results FILE}.
 */
public final class TrainReport {
    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--results")) {
            System.err.println("usage: TrainReport --results FILE");
            System.exit(2);
        }
        // per "shape batch x seq_len", per engine: the result (a later run of the same configuration replaces it)
        Map<String, Map<String, JsonNode>> rows = new LinkedHashMap<>();
        List<Double> sgemms = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            if (line.startsWith("RESULT ")) {
                JsonNode r = EngineBench.parse(line.substring(7));
                if (!r.path("kind").asText().equals("train")) continue;
                String cfg = r.get("shape").asText() + " " + r.get("batch").asInt() + " x " + r.get("seq_len").asInt();
                rows.computeIfAbsent(cfg, k -> new LinkedHashMap<>()).put(r.get("engine").asText(), r);
            } else if (line.startsWith("SGEMM ")) {
                sgemms.add(EngineBench.parse(line.substring(6)).get("gflops_median").asDouble());
            } else if (line.startsWith("FAILED ")) {
                notes.add(line);
            } else if (line.startsWith("NOTE ")) {
                notes.add(line.substring(5));
            }
        }
        double sgemm = EngineBench.median(sgemms);
        System.out.println("fp32 sgemm peak (OpenBLAS, 2 threads, median): " + fmt(sgemm) + " GFLOP/s. GFLOP/s = 6 x parameters x tokens/s; "
                + "targets: hanlm >= 1.0x llm.c tokens/s and >= 50% of the sgemm peak.");
        System.out.println();
        System.out.println("| shape | batch x tokens | parameters | hanlm tok/s | llm.c tok/s | hanlm / llm.c | hanlm GFLOP/s | llm.c GFLOP/s | hanlm, % of sgemm peak "
                + "| hanlm, % of the peak around each step: median (min-max) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach((cfg, engines) -> {
            JsonNode h = engines.get("hanlm"), l = engines.get("llm.c"), any = h != null ? h : l;
            String[] sp = cfg.split(" ", 2);
            double ht = value(h, "tokens_per_s"), lt = value(l, "tokens_per_s"), hg = value(h, "gflops");
            System.out.printf(Locale.ROOT, "| %s | %s | %.1fM | %s | %s | %s | %s | %s | %s | %s |%n", sp[0], sp[1], any.get("params").asLong() / 1e6,
                    v(ht), v(lt), Double.isNaN(ht / lt) ? "–" : String.format(Locale.ROOT, "%.2fx", ht / lt), v(hg),
                    v(value(l, "gflops")), Double.isNaN(hg / sgemm) ? "–" : fmt(100 * hg / sgemm) + "%", paired(h));
        });
        if (rows.values().stream().anyMatch(e -> !e.containsKey("llm.c"))) {
            System.out.println();
            System.out.println("- llm.c: `train_gpt2.c`'s `main()` takes no arguments and fixes batch "
                    + LlmcBench.BATCH + " x " + LlmcBench.SEQ_LEN + ", so other batches run through hanlm only.");
        }
        notes.forEach(n -> System.out.println("- " + n));
    }

    /** Each timed step's GFLOP/s against the peak measured around it ({@code peak_gflops}): median and range, or "–". */
    private static String paired(JsonNode r) {
        if (r == null || !r.has("peak_gflops")) return "–";
        double flops = 6.0 * r.get("params").asDouble() * r.get("batch").asInt() * r.get("seq_len").asInt();
        List<Double> percents = new ArrayList<>();
        for (int i = 0; i < r.get("peak_gflops").size() && i < r.get("step_s").size(); i++) {
            percents.add(100 * flops / r.get("step_s").get(i).asDouble() / 1e9 / r.get("peak_gflops").get(i).asDouble());
        }
        return fmt(EngineBench.median(percents)) + "% (" + EngineReport.range(percents) + "%)";
    }

    private static double value(JsonNode r, String field) {
        return r == null ? Double.NaN : r.get(field).asDouble();
    }

    private static String v(double x) {
        return Double.isNaN(x) ? "–" : fmt(x);
    }
}

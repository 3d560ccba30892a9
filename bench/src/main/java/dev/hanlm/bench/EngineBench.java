package dev.hanlm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.LoadOptions;
import dev.hanlm.engine.Quantization;
import dev.hanlm.engine.Session;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The engine benchmark's Java side; {@code bench/engine.sh} runs each subcommand in its own JVM so that each
 * configuration's peak RSS is its own. Each measuring subcommand prints one {@code RESULT {json}} line.
 * <ul>
 *   <li>{@code hanlm --model DIR --shape NAME --precision P --quantize none|q8|q4 [--pack false]}: loads the HF directory
 *       with hanlm (with {@code --pack false} the weights kept mapped as stored, as {@code hanlm --no-pack} does),
 *       times the prefill of a 512-token prompt (a fresh session each time), then decode: 128 greedy steps from an
 *       empty context (as llama-bench's tg128) and 128 steps after the 512-token prompt; reads VmHWM at the end.
 *       With {@code --peak-command "bench/sgemm-peak.sh 2"} it also measures the sgemm peak just before and just after
 *       each timed prefill ({@link PeakProbe}) and records their mean per prefill; with {@code --bandwidth-command
 *       "java ... EngineBench bandwidth ..."}, likewise the memory bandwidth around each timed decode from an empty
 *       context.</li>
 *   <li>{@code jlama ...}: the same through Jlama ({@code com.github.tjake:jlama-core}) on the same directory.</li>
 *   <li>{@code bandwidth [--mib 1024] [--threads 2] [--reps 11]}: memory read bandwidth, a STREAM-like sum over an
 *       off-heap buffer far larger than the caches, split over the threads; median GB/s.</li>
 *   <li>{@code kernels ...}: one linear layer's kernel alone ({@link KernelProbe}).</li>
 *   <li>{@code gemm ...}: hanlm's matrix product and OpenBLAS's, taking turns on the same operands ({@link GemmPairs}).</li>
 *   <li>{@code report --results FILE}: reads the RESULT lines (and llama-bench's JSON, stored by the script as
 *       RESULT lines too) and prints the markdown tables with the targets.</li>
 * </ul>
 * Common options: {@code --prompt 512 --decode 128 --reps 3 --warmup 1 --seed 7}, and {@code --warmup-prompt N
 * --warmup-decode N} for a shorter untimed warm-up pass (the prompt's first N tokens, N decode steps).
 */
public final class EngineBench {
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: EngineBench hanlm|jlama|bandwidth|kernels|gemm|report [--option value]...");
            System.exit(2);
        }
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        switch (args[0]) {
            case "hanlm" -> result(runHanlm(o));
            case "jlama" -> result(JlamaRunner.run(o));
            case "bandwidth" -> result(bandwidth(o));
            case "kernels" -> result(KernelProbe.run(o));
            case "gemm" -> result(GemmPairs.run(o));
            case "report" -> EngineReport.print(Path.of(o.get("results")));
            default -> throw new IllegalArgumentException("unknown subcommand " + args[0]);
        }
    }

    static void result(ObjectNode r) {
        System.out.println("RESULT " + r);
    }

    /** The run's fixed inputs: a seeded random prompt and the counts. */
    record Plan(int prompt, int decode, int reps, int warmup, int[] tokens, int[] warmupTokens, int warmupDecode) {
        static Plan of(Map<String, String> o, int vocab) {
            int prompt = Integer.parseInt(o.getOrDefault("prompt", "512"));
            SplittableRandom r = new SplittableRandom(Long.parseLong(o.getOrDefault("seed", "7")));
            int[] tokens = new int[prompt];
            for (int i = 0; i < prompt; i++) tokens[i] = r.nextInt(vocab);
            int decode = Integer.parseInt(o.getOrDefault("decode", "128"));
            int warmupPrompt = Integer.parseInt(o.getOrDefault("warmup-prompt", String.valueOf(prompt)));
            return new Plan(prompt, decode, Integer.parseInt(o.getOrDefault("reps", "3")),
                    Integer.parseInt(o.getOrDefault("warmup", "1")), tokens, Arrays.copyOf(tokens, Math.min(prompt, warmupPrompt)),
                    Integer.parseInt(o.getOrDefault("warmup-decode", String.valueOf(decode))));
        }
    }

    static ObjectNode base(String engine, Map<String, String> o) {
        ObjectNode r = JSON.createObjectNode();
        r.put("kind", "run").put("engine", engine).put("shape", o.get("shape")).put("precision", o.get("precision"));
        return r;
    }

    private static ObjectNode runHanlm(Map<String, String> o) {
        Quantization q = Quantization.parse(o.getOrDefault("quantize", "none"));
        long t0 = System.nanoTime();
        // --pack false: the weights kept mapped as stored (hanlm --no-pack)
        boolean pack = Boolean.parseBoolean(o.getOrDefault("pack", "true"));
        try (LanguageModel model = LanguageModel.load(Path.of(o.get("model")), LoadOptions.defaults().withQuantize(q).withPack(pack))) {
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            Plan p = Plan.of(o, model.config().vocabSize());
            int ctx = p.prompt() + p.decode() + 1;
            for (int w = 0; w < p.warmup(); w++) {
                Session s = model.newSession(ctx);
                int next = argmax(s.prefill(p.warmupTokens()));
                for (int i = 0; i < p.warmupDecode(); i++) next = argmax(s.decode(next));
            }
            List<Double> prefill = new ArrayList<>(), decodeEmpty = new ArrayList<>(), decodeAfter = new ArrayList<>();
            List<Double> stepMs = new ArrayList<>(), peaks = new ArrayList<>(), bandwidths = new ArrayList<>();
            PeakProbe peak = PeakProbe.sgemm(o.get("peak-command")), bandwidth = PeakProbe.bandwidth(o.get("bandwidth-command"));
            for (int rep = 0; rep < p.reps(); rep++) {
                Session s = model.newSession(ctx);
                double before = peak == null ? Double.NaN : peak.measure();
                long a = System.nanoTime();
                int next = argmax(s.prefill(p.tokens()));
                prefill.add(p.prompt() / ((System.nanoTime() - a) / 1e9));
                if (peak != null) peaks.add((before + peak.measure()) / 2);
                a = System.nanoTime();
                for (int i = 0; i < p.decode(); i++) {
                    long b = System.nanoTime();
                    next = argmax(s.decode(next));
                    stepMs.add((System.nanoTime() - b) / 1e6);
                }
                decodeAfter.add(p.decode() / ((System.nanoTime() - a) / 1e9));
                Session e = model.newSession(ctx);
                next = p.tokens()[0];
                before = bandwidth == null ? Double.NaN : bandwidth.measure();
                a = System.nanoTime();
                for (int i = 0; i < p.decode(); i++) next = argmax(e.decode(next));
                decodeEmpty.add(p.decode() / ((System.nanoTime() - a) / 1e9));
                if (bandwidth != null) bandwidths.add((before + bandwidth.measure()) / 2);
            }
            ObjectNode r = base("hanlm", o);
            r.put("load_s", loadSeconds).put("bytes_per_token", model.bytesPerToken()).put("params", model.parameterCount());
            fill(r, prefill, decodeEmpty, decodeAfter, stepMs);
            if (peak != null) putAll(r.putArray("prefill_peak_gflops"), peaks);
            if (bandwidth != null) putAll(r.putArray("decode_bandwidth_gbps"), bandwidths);
            return r;
        }
    }

    static void fill(ObjectNode r, List<Double> prefill, List<Double> decodeEmpty, List<Double> decodeAfter, List<Double> stepMs) {
        r.put("prefill_tps", median(prefill));
        putAll(r.putArray("prefill_samples"), prefill);
        r.put("decode_tps", median(decodeEmpty));
        putAll(r.putArray("decode_samples"), decodeEmpty);
        r.put("decode512_tps", median(decodeAfter));
        putAll(r.putArray("decode512_samples"), decodeAfter);
        if (!stepMs.isEmpty()) r.put("decode512_step_ms_median", median(stepMs));
        r.put("peak_rss_mib", peakRssMib());
        r.put("threads", Integer.getInteger("hanlm.threads", Runtime.getRuntime().availableProcessors()));
    }

    static void putAll(ArrayNode a, List<Double> xs) {
        for (double x : xs) a.add(Math.round(x * 100) / 100.0);
    }

    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) return Double.NaN;
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** The value a fraction {@code q} of the way through {@code xs} sorted (the lower one between two). */
    static double quantile(List<Double> xs, double q) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s[(int) Math.floor(q * (s.length - 1))];
    }

    /** This process's peak resident set (VmHWM), in MiB. */
    static double peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /**
     * Read bandwidth: each thread sums its half of a large off-heap buffer with the Vector API and four accumulators
     * (what a bandwidth-bound matrix-vector product does); all threads start together at a barrier. GB = 10^9 bytes.
     */
    private static ObjectNode bandwidth(Map<String, String> o) throws Exception {
        long bytes = Long.parseLong(o.getOrDefault("mib", "1024")) << 20;
        int threads = Integer.parseInt(o.getOrDefault("threads", "2"));
        int reps = Integer.parseInt(o.getOrDefault("reps", "11"));
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buf = arena.allocate(bytes, 64);
            for (long i = 0; i < bytes; i += 4) buf.set(ValueLayout.JAVA_FLOAT, i, (i & 1023) * 1e-6f);
            List<Double> rates = new ArrayList<>();
            double[] sink = new double[threads];
            for (int rep = 0; rep < reps + 2; rep++) {
                CyclicBarrier start = new CyclicBarrier(threads + 1), end = new CyclicBarrier(threads + 1);
                Thread[] ts = new Thread[threads];
                long part = bytes / threads / 256 * 256;
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    ts[t] = Thread.ofPlatform().start(() -> {
                        try {
                            start.await();
                            sink[id] += sum(buf, id * part, part);
                            end.await();
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    });
                }
                start.await();
                long a = System.nanoTime();
                end.await();
                double s = (System.nanoTime() - a) / 1e9;
                for (Thread t : ts) t.join();
                if (rep >= 2) rates.add(part * threads / s / 1e9);
            }
            ObjectNode r = JSON.createObjectNode();
            r.put("kind", "bandwidth").put("threads", threads).put("mib", bytes >> 20).put("gbps", median(rates));
            putAll(r.putArray("samples"), rates);
            r.put("checksum", Arrays.stream(sink).sum());
            return r;
        }
    }

    private static double sum(MemorySegment m, long from, long n) {
        int step = F.length() * 4 * 4;
        FloatVector a = FloatVector.zero(F), b = a, c = a, d = a;
        for (long i = from, end = from + n; i + step <= end; i += step) {
            a = a.add(FloatVector.fromMemorySegment(F, m, i, ByteOrder.LITTLE_ENDIAN));
            b = b.add(FloatVector.fromMemorySegment(F, m, i + step / 4, ByteOrder.LITTLE_ENDIAN));
            c = c.add(FloatVector.fromMemorySegment(F, m, i + step / 2, ByteOrder.LITTLE_ENDIAN));
            d = d.add(FloatVector.fromMemorySegment(F, m, i + 3 * step / 4, ByteOrder.LITTLE_ENDIAN));
        }
        return a.add(b).add(c).add(d).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    static String fmt(double x) {
        return String.format(Locale.ROOT, Math.abs(x) >= 100 ? "%.0f" : "%.1f", x);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }
}

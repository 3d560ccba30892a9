package dev.hanlm.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import dev.hanlm.tokenizer.MorphemeAnalyzer;
import dev.hanlm.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Encode throughput of hanlm's byte-level BPE against HF tokenizers (the Rust library through DJL's JNI
 * binding) loading the same {@code tokenizer.json}, side by side in one JVM, plus the morpheme-aware
 * path and its Nori share. MB/s is UTF-8 input bytes (10^6) per second of wall time.
 *
 * <p>Usage: {@code TokenizerBench --plain DIR --morpheme DIR [--reps 7] [--warmup 2] [--cold-reps 3]
 * [--batch 1000] [--min-mb 10] SOURCE...}, each SOURCE a corpus file or folder (WikiExtractor, NSMC TSV, lines).
 */
public final class TokenizerBench {
    /** One way to encode a list of texts; returns the number of tokens, which also keeps the work alive. */
    private record Contender(String name, String threads, ToLongFunction<List<String>> run) {}

    private static final Map<String, String> HF_OPTIONS = Map.of("truncation", "false", "padding", "false", "modelMaxLength", "100000000");
    private static final TokenizersLibrary JNI = TokenizersLibrary.LIB;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) opts.put(args[i].substring(2), args[++i]);
            else paths.add(Path.of(args[i]));
        }
        if (!opts.containsKey("plain") || !opts.containsKey("morpheme") || paths.isEmpty()) {
            System.err.println("usage: TokenizerBench --plain DIR --morpheme DIR [--reps 7] [--warmup 2] [--cold-reps 3] [--batch 1000] [--min-mb 10] SOURCE...");
            System.exit(2);
        }
        Path plainDir = Path.of(opts.get("plain")), morphemeDir = Path.of(opts.get("morpheme"));
        int reps = Integer.parseInt(opts.getOrDefault("reps", "7"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "2"));
        int coldReps = Integer.parseInt(opts.getOrDefault("cold-reps", "3"));
        int batch = Integer.parseInt(opts.getOrDefault("batch", "1000"));
        double minMb = Double.parseDouble(opts.getOrDefault("min-mb", "10"));

        List<BenchCorpus.Source> sources = new ArrayList<>();
        for (Path p : paths) sources.add(BenchCorpus.Source.of(p.getFileName().toString(), BenchCorpus.documents(p)));
        long totalBytes = sources.stream().mapToLong(BenchCorpus.Source::bytes).sum();
        for (BenchCorpus.Source s : sources) System.out.printf("source %-24s %8d texts %8.2f MB%n", s.name(), s.texts().size(), s.bytes() / 1e6);
        if (totalBytes < minMb * 1e6) throw new IllegalArgumentException("the corpus has " + totalBytes / 1e6 + " MB of text; at least " + minMb + " MB are needed");

        Tokenizer plain = Tokenizer.load(plainDir), morpheme = Tokenizer.load(morphemeDir);
        if (plain.morphemeAware() || !morpheme.morphemeAware()) throw new IllegalArgumentException("--plain must be a plain and --morpheme a morpheme-aware tokenizer");
        MorphemeAnalyzer nori = morpheme.morphemes().analyzer();
        Path json = plainDir.resolve("tokenizer.json");
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(json, HF_OPTIONS)) {
            checkSameIds(plain, hf, sources);
            List<Contender> contenders = List.of(
                    new Contender("hanlm plain", "1", texts -> hanlm(plain, texts)),
                    new Contender("HF (DJL encode)", "1", texts -> djl(hf, texts)),
                    new Contender("HF (JNI ids only)", "1", texts -> jni(hf, texts)),
                    new Contender("hanlm plain", "all", texts -> chunked(texts, batch, c -> hanlmBatch(plain, c))),
                    new Contender("HF (DJL batchEncode)", "all", texts -> chunked(texts, batch, c -> djlBatch(hf, c))),
                    new Contender("HF (JNI batch ids only)", "all", texts -> chunked(texts, batch, c -> jniBatch(hf, c))),
                    new Contender("hanlm morpheme-aware", "1", texts -> hanlm(morpheme, texts)),
                    new Contender("  Nori boundaries only", "1", texts -> noriOnly(morpheme, nori, texts)),
                    new Contender("hanlm morpheme-aware", "all", texts -> chunked(texts, batch, c -> hanlmBatch(morpheme, c))));

            System.out.printf("warm-up: %d pass(es) of each contender%n", warmup);
            for (int w = 0; w < warmup; w++) for (Contender c : contenders) for (BenchCorpus.Source s : sources) c.run().applyAsLong(s.texts());

            // seconds[contender][source][rep]; contenders take turns within a rep, starting at a rotating one
            double[][][] seconds = new double[contenders.size()][sources.size()][reps];
            double[][][] cpuSeconds = new double[contenders.size()][sources.size()][reps];
            double[] cpu = new double[1];
            for (int r = 0; r < reps; r++) {
                for (int k = 0; k < contenders.size(); k++) {
                    int ci = (k + r) % contenders.size();
                    for (int si = 0; si < sources.size(); si++) {
                        seconds[ci][si][r] = time(contenders.get(ci), sources.get(si).texts(), cpu);
                        cpuSeconds[ci][si][r] = cpu[0];
                    }
                }
                System.out.printf("rep %d/%d done%n", r + 1, reps);
            }
            double[][] cold = coldPasses(plainDir, json, sources, coldReps);
            report(contenders, sources, seconds, cpuSeconds, cold, totalBytes);
        }
    }

    /**
     * Fails loudly unless hanlm and HF give identical ids for every text, DJL's two paths agree, and
     * hanlm's batch (threads sharing one piece cache) gives what one thread gives.
     */
    private static void checkSameIds(Tokenizer plain, HuggingFaceTokenizer hf, List<BenchCorpus.Source> sources) {
        long texts = 0, tokens = 0;
        for (BenchCorpus.Source s : sources) {
            List<int[]> batch = plain.encodeBatch(s.texts());
            for (int i = 0; i < s.texts().size(); i++) {
                String text = s.texts().get(i);
                int[] ours = plain.encode(text);
                if (!Arrays.equals(ours, batch.get(i))) throw new IllegalStateException("hanlm's encodeBatch differs from encode for: " + text.substring(0, Math.min(100, text.length())));
                long[] theirs = hf.encode(text, false, false).getIds();
                long[] raw = jniIds(hf, text);
                if (!Arrays.equals(toLongs(ours), theirs) || !Arrays.equals(theirs, raw)) {
                    throw new IllegalStateException("ids differ (hanlm " + ours.length + ", HF " + theirs.length + " ids) for the "
                            + s.name() + " text: " + text.substring(0, Math.min(100, text.length())));
                }
                texts++;
                tokens += ours.length;
            }
        }
        System.out.printf("ids check: hanlm (encode and encodeBatch) and HF tokenizers agree on all %d texts (%d tokens)%n", texts, tokens);
    }

    /** Wall seconds of one run; {@code cpu[0]} gets the calling thread's CPU seconds (all of a one-thread run). */
    private static double time(Contender c, List<String> texts, double[] cpu) {
        System.gc();
        long c0 = THREADS.getCurrentThreadCpuTime(), t0 = System.nanoTime();
        long tokens = c.run().applyAsLong(texts);
        double s = (System.nanoTime() - t0) / 1e9;
        cpu[0] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
        if (tokens <= 0) throw new IllegalStateException(c.name() + " produced no tokens");
        return s;
    }

    /**
     * First pass of a freshly loaded tokenizer (empty piece cache) over all texts, one thread, with the
     * JIT already warm: [rep][0] hanlm seconds, [rep][1] HF seconds.
     */
    private static double[][] coldPasses(Path plainDir, Path json, List<BenchCorpus.Source> sources, int reps) throws Exception {
        double[][] out = new double[reps][2];
        double[] cpu = new double[1];
        for (int r = 0; r < reps; r++) {
            Tokenizer fresh = Tokenizer.load(plainDir);
            try (HuggingFaceTokenizer freshHf = HuggingFaceTokenizer.newInstance(json, HF_OPTIONS)) {
                for (BenchCorpus.Source s : sources) {
                    out[r][0] += time(new Contender("hanlm cold", "1", texts -> hanlm(fresh, texts)), s.texts(), cpu);
                    out[r][1] += time(new Contender("HF cold", "1", texts -> jni(freshHf, texts)), s.texts(), cpu);
                }
            }
        }
        return out;
    }

    private static long hanlm(Tokenizer t, List<String> texts) {
        long n = 0;
        for (String text : texts) n += t.encode(text).length;
        return n;
    }

    private static long hanlmBatch(Tokenizer t, List<String> texts) {
        long n = 0;
        for (int[] ids : t.encodeBatch(texts)) n += ids.length;
        return n;
    }

    /** Nori alone, as the morpheme-aware path calls it: once per normalized text that holds Hangul. */
    private static long noriOnly(Tokenizer t, MorphemeAnalyzer nori, List<String> texts) {
        long n = 0;
        for (String text : texts) {
            String normalized = t.normalize(text);
            if (hasHangul(normalized)) n += nori.boundaries(normalized).cardinality();
            else n++;
        }
        return n;
    }

    private static boolean hasHangul(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F)
                    || (c >= 0xA960 && c <= 0xA97F) || (c >= 0xD7B0 && c <= 0xD7FF)) return true;
        }
        return false;
    }

    /** DJL's public API: one JNI encode, then ids, type ids, tokens, offsets, masks copied into an Encoding. */
    private static long djl(HuggingFaceTokenizer hf, List<String> texts) {
        long n = 0;
        for (String text : texts) n += hf.encode(text, false, false).getIds().length;
        return n;
    }

    private static long djlBatch(HuggingFaceTokenizer hf, List<String> texts) {
        long n = 0;
        for (Encoding e : hf.batchEncode(texts, false, false)) n += e.getIds().length;
        return n;
    }

    /** The Rust encode with only the ids copied back: the least a Java caller can pay for HF tokenizers. */
    private static long jni(HuggingFaceTokenizer hf, List<String> texts) {
        long n = 0;
        for (String text : texts) n += jniIds(hf, text).length;
        return n;
    }

    private static long[] jniIds(HuggingFaceTokenizer hf, String text) {
        long encoding = JNI.encode(hf.getHandle(), text, false);
        try {
            return JNI.getTokenIds(encoding);
        } finally {
            JNI.deleteEncoding(encoding);
        }
    }

    /** HF's encode_batch (rayon, all cores), only the ids copied back. */
    private static long jniBatch(HuggingFaceTokenizer hf, List<String> texts) {
        long n = 0;
        for (long encoding : JNI.batchEncode(hf.getHandle(), texts.toArray(String[]::new), false)) {
            n += JNI.getTokenIds(encoding).length;
            JNI.deleteEncoding(encoding);
        }
        return n;
    }

    /** Batches of {@code size} texts, as a caller would feed a batch API. */
    private static long chunked(List<String> texts, int size, ToLongFunction<List<String>> batch) {
        long n = 0;
        for (int i = 0; i < texts.size(); i += size) n += batch.applyAsLong(texts.subList(i, Math.min(texts.size(), i + size)));
        return n;
    }

    private static void report(List<Contender> contenders, List<BenchCorpus.Source> sources, double[][][] seconds,
                               double[][][] cpuSeconds, double[][] cold, long totalBytes) {
        int reps = seconds[0][0].length;
        double[][] totalMbps = new double[contenders.size()][], cpuMbps = new double[contenders.size()][];
        System.out.printf("%n%d measured reps after warm-up (warm piece caches); MB/s = 10^6 UTF-8 input bytes per second of wall time,"
                + " median [min-max]; 'per CPU s': per second of the thread's CPU time (one-thread runs only: less disturbed by other processes)%n%n", reps);
        StringBuilder header = new StringBuilder("| contender | threads | all texts MB/s | per CPU s |");
        for (BenchCorpus.Source s : sources) header.append(" ").append(s.name()).append(" MB/s |");
        System.out.println(header);
        System.out.println("|---|---|---|---|" + "---|".repeat(sources.size()));
        for (int c = 0; c < contenders.size(); c++) {
            double[] total = new double[reps];
            StringBuilder row = new StringBuilder();
            for (int si = 0; si < sources.size(); si++) {
                double[] mbps = new double[reps];
                for (int r = 0; r < reps; r++) {
                    mbps[r] = sources.get(si).bytes() / 1e6 / seconds[c][si][r];
                    total[r] += seconds[c][si][r];
                }
                row.append(String.format(" %.2f |", median(mbps)));
            }
            for (int r = 0; r < reps; r++) total[r] = totalBytes / 1e6 / total[r];
            totalMbps[c] = total;
            cpuMbps[c] = secondsTotal(cpuSeconds[c]);
            for (int r = 0; r < reps; r++) cpuMbps[c][r] = totalBytes / 1e6 / cpuMbps[c][r];
            String perCpu = contenders.get(c).threads().equals("1") ? String.format("%.2f", median(cpuMbps[c])) : "-";
            System.out.printf("| %s | %s | %s | %s |%s%n", contenders.get(c).name(), contenders.get(c).threads(), spread(total), perCpu, row);
        }
        System.out.println();
        ratio("hanlm / HF (DJL encode), 1 thread", totalMbps[0], totalMbps[1]);
        ratio("hanlm / HF (JNI ids only), 1 thread", totalMbps[0], totalMbps[2]);
        ratio("hanlm / HF (DJL encode), 1 thread, per CPU s", cpuMbps[0], cpuMbps[1]);
        ratio("hanlm / HF (JNI ids only), 1 thread, per CPU s", cpuMbps[0], cpuMbps[2]);
        ratio("hanlm / HF (DJL batchEncode), all cores", totalMbps[3], totalMbps[4]);
        ratio("hanlm / HF (JNI batch ids only), all cores", totalMbps[3], totalMbps[5]);

        split("wall", seconds, totalBytes);
        split("thread CPU", cpuSeconds, totalBytes);

        double[] hanlmCold = new double[cold.length], hfCold = new double[cold.length];
        for (int r = 0; r < cold.length; r++) {
            hanlmCold[r] = totalBytes / 1e6 / cold[r][0];
            hfCold[r] = totalBytes / 1e6 / cold[r][1];
        }
        if (cold.length > 0) {
            System.out.printf("%ncold piece cache (first pass of a fresh load, JIT warm), 1 thread, %d reps:%n", cold.length);
            System.out.printf("| hanlm plain | %s |%n| HF (JNI ids only) | %s |%n", spread(hanlmCold), spread(hfCold));
            ratio("hanlm / HF, cold cache, 1 thread", hanlmCold, hfCold);
        }
    }

    /** The morpheme-aware path's time per pass, split into Nori and the rest, with plain BPE beside it. */
    private static void split(String clock, double[][][] seconds, long totalBytes) {
        double morph = median(secondsTotal(seconds[6])), nori = median(secondsTotal(seconds[7])), plain = median(secondsTotal(seconds[0]));
        System.out.printf("morpheme-aware, 1 thread, %s time: %.2f s per pass (%.2f MB/s) = Nori %.2f s (%.0f%%) + the rest %.2f s (%.0f%%); plain BPE alone %.2f s%n",
                clock, morph, totalBytes / 1e6 / morph, nori, 100 * nori / morph, morph - nori, 100 * (morph - nori) / morph, plain);
    }

    private static double[] secondsTotal(double[][] bySource) {
        double[] out = new double[bySource[0].length];
        for (double[] s : bySource) for (int r = 0; r < out.length; r++) out[r] += s[r];
        return out;
    }

    /** Ratio of the medians, and the median of the per-rep ratios (each rep measures both side by side). */
    private static void ratio(String what, double[] ours, double[] theirs) {
        double[] paired = new double[ours.length];
        for (int r = 0; r < ours.length; r++) paired[r] = ours[r] / theirs[r];
        System.out.printf("%-52s %.2fx (paired per rep: median %.2fx, range %.2f-%.2fx)%n", what, median(ours) / median(theirs),
                median(paired), Arrays.stream(paired).min().orElse(0), Arrays.stream(paired).max().orElse(0));
    }

    private static String spread(double[] v) {
        return String.format("%.2f [%.2f-%.2f]", median(v), Arrays.stream(v).min().orElse(0), Arrays.stream(v).max().orElse(0));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static long[] toLongs(int[] ids) {
        long[] out = new long[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = ids[i];
        return out;
    }
}

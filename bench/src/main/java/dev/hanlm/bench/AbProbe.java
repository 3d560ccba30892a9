package dev.hanlm.bench;

import dev.hanlm.engine.kernels.Gemm;
import dev.hanlm.engine.kernels.MatMul;
import dev.hanlm.engine.kernels.Matrix;
import java.io.File;
import java.lang.foreign.Arena;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Two builds of the engine's kernels in one JVM, taking turns on the same work: {@code AbProbe --old DIR --new DIR
 * --classpath CP (gemm --m --n --k [--trans-a true] | matvec --dtype q8 --rows --cols [--layout row|col|panels] [--n 1]) [--pairs 60]}. Each
 * build's classes (DIR, e.g. {@code engine/target-bench/classes} of two checkouts) load in their own class loader with
 * this class and the engine's dependencies (CP, without the engine), so both kernels are compiled and timed side by
 * side; which goes first alternates. On a machine whose speed swings within seconds, only such pairs tell a change of
 * a few percent from the noise. Prints the medians and the per-pair ratio old time / new time (above 1: new is faster).
 * {@code bench/ab.sh} builds a revision and runs it.
 */
public final class AbProbe {
    private AbProbe() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        String kind = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) o.put(args[i].substring(2), args[++i]);
            else kind = args[i];
        }
        if (kind == null || !o.containsKey("old") || !o.containsKey("new") || !o.containsKey("classpath")) {
            System.err.println("usage: AbProbe --old DIR --new DIR --classpath CP gemm|matvec [--option value]...");
            System.exit(2);
        }
        int pairs = Integer.parseInt(o.getOrDefault("pairs", "60"));
        DoubleSupplier old = workload(o.get("old"), o.get("classpath"), kind, o), neu = workload(o.get("new"), o.get("classpath"), kind, o);
        for (int w = 0; w < 10; w++) {
            old.getAsDouble();
            neu.getAsDouble();
        }
        List<Double> olds = new ArrayList<>(), news = new ArrayList<>(), ratios = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            double a, b;
            if (p % 2 == 0) {
                a = old.getAsDouble();
                b = neu.getAsDouble();
            } else {
                b = neu.getAsDouble();
                a = old.getAsDouble();
            }
            olds.add(a);
            news.add(b);
            ratios.add(a / b);
        }
        Map<String, String> work = new LinkedHashMap<>(o);
        work.keySet().removeAll(List.of("old", "new", "classpath"));
        System.out.printf("%s %s: old %.4f ms, new %.4f ms per call (medians); old / new per pair: median %.3f, q1 %.3f, q3 %.3f%n",
                kind, work, EngineBench.median(olds) * 1e3, EngineBench.median(news) * 1e3, EngineBench.median(ratios),
                EngineBench.quantile(ratios, 0.25), EngineBench.quantile(ratios, 0.75));
        System.exit(0);
    }

    /** The work, built inside a loader that sees {@code classes} as the engine. */
    private static DoubleSupplier workload(String classes, String classpath, String kind, Map<String, String> o) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of(classes).toUri().toURL());
        urls.add(AbProbe.class.getProtectionDomain().getCodeSource().getLocation());
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isBlank() && !entry.contains("hanlm-engine")) urls.add(Path.of(entry).toUri().toURL());
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        return (DoubleSupplier) loader.loadClass(Workload.class.getName()).getConstructor(String.class, Map.class).newInstance(kind, o);
    }

    /** One timed call of the work (seconds per call over a batch of calls), against the engine its loader sees. */
    public static final class Workload implements DoubleSupplier {
        private final Runnable call;
        private final int calls;

        public Workload(String kind, Map<String, String> o) {
            SplittableRandom r = new SplittableRandom(1);
            switch (kind) {
                case "gemm" -> {
                    int m = get(o, "m", 512), n = get(o, "n", 3072), k = get(o, "k", 768);
                    boolean transA = Boolean.parseBoolean(o.getOrDefault("trans-a", "false"));
                    float[] a = gaussian(r, m * k), b = gaussian(r, k * n), c = new float[m * n];
                    call = () -> Gemm.multiply(transA, false, m, n, k, a, 0, transA ? m : k, b, 0, n, c, 0, n, false);
                    calls = 1;
                }
                case "matvec" -> {
                    int rows = get(o, "rows", 4864), cols = get(o, "cols", 896), n = get(o, "n", 1);
                    Matrix w = KernelProbe.randomMatrix(o.getOrDefault("dtype", "q8"), o.getOrDefault("layout", "row"), rows, cols, r,
                            Arena.ofAuto());
                    float[] x = gaussian(r, n * cols), out = new float[n * rows];
                    call = () -> MatMul.matvecs(out, x, n, w, null);
                    calls = 40;
                }
                default -> throw new IllegalArgumentException("unknown work " + kind + " (gemm or matvec)");
            }
        }

        @Override
        public double getAsDouble() {
            long t = System.nanoTime();
            for (int i = 0; i < calls; i++) call.run();
            return (System.nanoTime() - t) / 1e9 / calls;
        }

        /** {@code n} seeded standard normal floats. */
        static float[] gaussian(SplittableRandom r, int n) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
            return x;
        }

        private static int get(Map<String, String> o, String key, int fallback) {
            return o.containsKey(key) ? Integer.parseInt(o.get(key)) : fallback;
        }
    }
}

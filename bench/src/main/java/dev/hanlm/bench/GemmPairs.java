package dev.hanlm.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.kernels.Gemm;
import dev.hanlm.engine.kernels.Parallel;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * hanlm's {@link Gemm} against OpenBLAS's {@code cblas_sgemm} on the same product, call after call in one process:
 * {@code EngineBench gemm --m 512 --n 3072 --k 768 [--pairs 30] [--openblas PATH]}. The two take turns (which goes
 * first alternates), so both see the same machine; on this shared host the FMA throughput swings by up to 2x within
 * seconds, and only a ratio taken pair by pair says how far hanlm's product is from the BLAS one. After each
 * OpenBLAS call the run pauses (untimed) until its spinning threads have gone to sleep. Both run on the
 * {@link Parallel} pool's thread count. OpenBLAS is called through {@code java.lang.foreign}; it is the library
 * {@code bench/sgemm-peak.sh} measures the peak with.
 */
final class GemmPairs {
    static final String DEFAULT_OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0";
    private static final int ROW_MAJOR = 101, NO_TRANS = 111;
    private static final int WARMUP_PAIRS = 5;
    private static final long SETTLE_MILLIS = 200;

    private GemmPairs() {}

    static ObjectNode run(Map<String, String> o) throws Throwable {
        int m = Integer.parseInt(o.getOrDefault("m", "512")), n = Integer.parseInt(o.getOrDefault("n", "3072"));
        int k = Integer.parseInt(o.getOrDefault("k", "768")), pairs = Integer.parseInt(o.getOrDefault("pairs", "30"));
        if (m < 1 || n < 1 || k < 1 || pairs < 1) throw new IllegalArgumentException("--m, --n, --k and --pairs must be at least 1");
        Path library = Path.of(o.getOrDefault("openblas", DEFAULT_OPENBLAS));
        int threads = Parallel.threads();
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup blas = SymbolLookup.libraryLookup(library, arena);
            Linker linker = Linker.nativeLinker();
            ValueLayout.OfInt i32 = ValueLayout.JAVA_INT;
            MethodHandle sgemm = linker.downcallHandle(blas.find("cblas_sgemm").orElseThrow(), FunctionDescriptor.ofVoid(i32, i32, i32,
                    i32, i32, i32, ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, i32, ValueLayout.ADDRESS, i32, ValueLayout.JAVA_FLOAT,
                    ValueLayout.ADDRESS, i32));
            MethodHandle setThreads = linker.downcallHandle(blas.find("openblas_set_num_threads").orElseThrow(), FunctionDescriptor.ofVoid(i32));
            setThreads.invoke(threads);

            SplittableRandom random = new SplittableRandom(1);
            float[] a = AbProbe.Workload.gaussian(random, m * k), b = AbProbe.Workload.gaussian(random, k * n), c = new float[m * n];
            MemorySegment na = arena.allocateFrom(ValueLayout.JAVA_FLOAT, a), nb = arena.allocateFrom(ValueLayout.JAVA_FLOAT, b);
            MemorySegment nc = arena.allocate(4L * m * n, 64);
            double flops = 2.0 * m * n * k;
            Timed hanlm = () -> Gemm.multiply(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
            Timed openblas = () -> sgemm.invoke(ROW_MAJOR, NO_TRANS, NO_TRANS, m, n, k, 1f, na, k, nb, n, 0f, nc, n);
            List<Double> ours = new ArrayList<>(), theirs = new ArrayList<>(), ratios = new ArrayList<>();
            for (int p = -WARMUP_PAIRS; p < pairs; p++) {
                boolean hanlmFirst = p % 2 == 0;
                double h = hanlmFirst ? hanlm.gflops(flops) : Double.NaN;
                double x = openblas.gflops(flops);
                // OpenBLAS's threads spin for about 2^28 cycles after a call, taking a core from whatever runs next
                Thread.sleep(SETTLE_MILLIS);
                if (!hanlmFirst) h = hanlm.gflops(flops);
                if (p < 0) continue;
                ours.add(h);
                theirs.add(x);
                ratios.add(h / x);
            }
            ObjectNode r = EngineBench.JSON.createObjectNode();
            r.put("kind", "gemm").put("m", m).put("n", n).put("k", k).put("threads", threads).put("pairs", pairs)
                    .put("hanlm_gflops_median", EngineBench.median(ours)).put("openblas_gflops_median", EngineBench.median(theirs))
                    .put("ratio_median", EngineBench.median(ratios))
                    .put("ratio_q1", EngineBench.quantile(ratios, 0.25)).put("ratio_q3", EngineBench.quantile(ratios, 0.75));
            return r;
        }
    }

    /** One product; its rate in GFLOP/s. */
    @FunctionalInterface
    private interface Timed {
        void call() throws Throwable;

        default double gflops(double flops) throws Throwable {
            long t = System.nanoTime();
            call();
            return flops / ((System.nanoTime() - t) / 1e9) / 1e9;
        }
    }
}

package dev.hanlm.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.hanlm.tokenizer.BpeTrainer;
import dev.hanlm.tokenizer.TrainerConfig;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Trains a byte-level BPE tokenizer on corpus files and reports wall time and heap, then saves it.
 *
 * <p>Usage: {@code TrainBench --out DIR [--vocab 32000] [--morpheme-aware true|false] FILE_OR_FOLDER...}
 * (NSMC's TSV is first rewritten as its document column, outside the timed part).
 */
public final class TrainBench {
    public static void main(String[] args) throws Exception {
        Path out = null;
        int vocab = 32000;
        boolean morphemeAware = false;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--vocab" -> vocab = Integer.parseInt(args[++i]);
                case "--morpheme-aware" -> morphemeAware = Boolean.parseBoolean(args[++i]);
                default -> inputs.add(Path.of(args[i]));
            }
        }
        if (out == null || inputs.isEmpty()) {
            System.err.println("usage: TrainBench --out DIR [--vocab 32000] [--morpheme-aware true|false] FILE_OR_FOLDER...");
            System.exit(2);
        }
        Path work = Files.createDirectories(out.toAbsolutePath().getParent());
        List<Path> files = new ArrayList<>();
        long inputBytes = 0;
        for (Path p : inputs) {
            for (Path f : BenchCorpus.files(p)) {
                Path file = BenchCorpus.asTrainerInput(f, work);
                files.add(file);
                inputBytes += Files.size(file);
            }
        }
        TrainerConfig config = TrainerConfig.defaults(vocab).withMorphemeAware(morphemeAware);
        HeapWatch heap = new HeapWatch();
        long t0 = System.nanoTime();
        BpeTrainer.Result result = new BpeTrainer(config).train(files, new PhaseLog());
        double seconds = (System.nanoTime() - t0) / 1e9;
        result.tokenizer().save(out);
        System.out.printf("trained %s %d on %d files (%.1f MB on disk, %d documents, %.1f M chars, %d distinct pieces), %d threads:%n",
                morphemeAware ? "morpheme-aware" : "plain", result.tokenizer().vocabSize(), files.size(), inputBytes / 1e6,
                result.documents(), result.characters() / 1e6, result.distinctWords(), config.threads());
        System.out.printf("TRAIN | %s | %d | %.1f s | peak heap used %.2f GB | max live heap after GC %.2f GB | -Xmx %.1f GB%n",
                morphemeAware ? "morpheme-aware" : "plain", result.tokenizer().vocabSize(), seconds, heap.peakUsed() / 1e9,
                heap.maxLiveAfterGc() / 1e9, Runtime.getRuntime().maxMemory() / 1e9);
    }

    /** Prints each phase once and then every 15 s, so a long run shows it is alive. */
    private static final class PhaseLog implements BpeTrainer.Progress {
        private String phase = "";
        private long last;
        private final long start = System.nanoTime();

        public void update(String p, long done, long total) {
            long now = System.nanoTime();
            if (p.equals(phase) && now - last < 15_000_000_000L) return;
            phase = p;
            last = now;
            System.err.printf("  %6.1f s  %s: %d%s%n", (now - start) / 1e9, p, done, total < 0 ? "" : " / " + total);
        }
    }

    /**
     * Heap use over the run: the sum of the heap pools' peaks (an upper bound of the peak, garbage included)
     * and the largest heap left after any collection (the live set).
     */
    private static final class HeapWatch {
        private final AtomicLong maxAfterGc = new AtomicLong();

        HeapWatch() {
            System.gc();
            java.util.Set<String> heapPools = new java.util.HashSet<>();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
                if (pool.getType() == MemoryType.HEAP) heapPools.add(pool.getName());
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
                    long used = info.getMemoryUsageAfterGc().entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                            .mapToLong(e -> e.getValue().getUsed()).sum();
                    maxAfterGc.accumulateAndGet(used, Math::max);
                }, null, null);
            }
        }

        long peakUsed() {
            return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        }

        long maxLiveAfterGc() {
            return maxAfterGc.get();
        }
    }
}

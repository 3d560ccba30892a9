package dev.hanlm.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trainer's first pass: reads the corpus, keeps a seeded sample of its documents, runs them
 * through the normalizer and pre-tokenizer on all cores, and counts the pieces.
 */
final class WordCounter {
    private static final int BATCH = 256;

    record Counts(Map<String, long[]> words, long documents, long characters) {}

    private final Normalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final TrainerConfig config;

    WordCounter(Normalizer normalizer, PreTokenizer preTokenizer, TrainerConfig config) {
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.config = config;
    }

    Counts count(List<Path> files, CorpusReader reader, BpeTrainer.Progress progress) throws IOException {
        ConcurrentLinkedQueue<Map<String, long[]>> perThread = new ConcurrentLinkedQueue<>();
        ThreadLocal<Map<String, long[]>> local = ThreadLocal.withInitial(() -> {
            Map<String, long[]> m = new HashMap<>();
            perThread.add(m);
            return m;
        });
        AtomicLong documents = new AtomicLong(), characters = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(config.threads());
        Semaphore inFlight = new Semaphore(config.threads() * 4);
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long[] index = {0};
        try {
            for (Path file : files) {
                List<String> batch = new ArrayList<>(BATCH);
                reader.read(file, doc -> {
                    if (!sampled(index[0]++)) return;
                    batch.add(doc);
                    if (batch.size() == BATCH) {
                        submit(pool, inFlight, List.copyOf(batch), local, documents, characters, failures);
                        batch.clear();
                        progress.update("counting words", documents.get(), -1);
                    }
                });
                if (!batch.isEmpty()) submit(pool, inFlight, List.copyOf(batch), local, documents, characters, failures);
            }
        } finally {
            pool.shutdown();
            try {
                pool.awaitTermination(365, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TokenizerException("interrupted while counting words");
            }
        }
        if (!failures.isEmpty()) {
            Throwable f = failures.getFirst();
            if (f instanceof RuntimeException r) throw r;
            throw new TokenizerException("counting words failed: " + f, f);
        }
        return new Counts(merge(perThread), documents.get(), characters.get());
    }

    private boolean sampled(long documentIndex) {
        return config.sample() >= 1.0 || new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + documentIndex).nextDouble() < config.sample();
    }

    private void submit(ExecutorService pool, Semaphore inFlight, List<String> batch, ThreadLocal<Map<String, long[]>> local,
                        AtomicLong documents, AtomicLong characters, List<Throwable> failures) {
        inFlight.acquireUninterruptibly();
        pool.execute(() -> {
            try {
                Map<String, long[]> counts = local.get();
                for (String doc : batch) {
                    String prepared = preTokenizer.prepare(normalizer.normalize(doc), true);
                    preTokenizer.split(prepared, (s, e) -> counts.computeIfAbsent(prepared.substring(s, e), k -> new long[1])[0]++);
                    characters.addAndGet(doc.length());
                }
                documents.addAndGet(batch.size());
            } catch (Throwable t) {
                failures.add(t);
            } finally {
                inFlight.release();
            }
        });
    }

    private static Map<String, long[]> merge(ConcurrentLinkedQueue<Map<String, long[]>> maps) {
        Map<String, long[]> total = null;
        for (Map<String, long[]> m : maps) {
            if (total == null || m.size() > total.size()) {
                if (total != null) addInto(m, total);
                total = m;
            } else {
                addInto(total, m);
            }
        }
        return total == null ? new HashMap<>() : total;
    }

    private static void addInto(Map<String, long[]> target, Map<String, long[]> source) {
        source.forEach((word, n) -> target.merge(word, n, (a, b) -> {
            a[0] += b[0];
            return a;
        }));
    }
}

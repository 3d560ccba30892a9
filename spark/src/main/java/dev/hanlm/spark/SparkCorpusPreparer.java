package dev.hanlm.spark;

import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.train.data.CorpusPreparer;
import dev.hanlm.train.data.DocumentCleaner;
import dev.hanlm.train.data.DocumentHash;
import dev.hanlm.train.data.Manifest;
import dev.hanlm.train.data.MinHashSignature;
import dev.hanlm.train.data.PrepareConfig;
import dev.hanlm.train.data.PreparedOutput;
import dev.hanlm.train.data.TokenDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * {@code hanlm data prepare --engine spark}: the single-process driver's stages on a Spark cluster. Each input file
 * is one task that reads and cleans its documents ({@link DocumentCleaner}, the same object); exact duplicates are
 * the documents whose hash has an earlier holder, near-duplicates those sharing a {@link MinHashSignature} band with
 * an earlier document, both found by grouping the whole corpus by key; the survivors are tokenized in the executors
 * and streamed to the driver in input order into the same {@link PreparedOutput}. The result equals the
 * single-process driver's, file for file.
 */
public final class SparkCorpusPreparer {
    private final JavaSparkContext spark;
    private final Tokenizer tokenizer;
    private final Path tokenizerPath;
    private final PrepareConfig config;
    /** Appended to every document; looked up first, so that a tokenizer without one fails before any Spark job. */
    private final int endOfText;

    public SparkCorpusPreparer(JavaSparkContext spark, Tokenizer tokenizer, Path tokenizerPath, PrepareConfig config) {
        this.spark = spark;
        this.tokenizer = tokenizer;
        this.tokenizerPath = tokenizerPath;
        this.config = config;
        this.endOfText = CorpusPreparer.endOfText(tokenizer, tokenizerPath).id();
    }

    /** Prepares the inputs (paths, URIs or globs) into {@code outputDir} (empty, on the driver) and returns the manifest. */
    public Manifest prepare(List<String> inputs, Path outputDir) throws IOException {
        List<String> files = CorpusFiles.expand(inputs, spark.hadoopConfiguration());
        Broadcast<DocumentCleaner> cleaner = spark.broadcast(config.cleaning().cleaner());
        String textField = config.textField();
        JavaRDD<CorpusDocument> documents = spark.parallelize(IntStream.range(0, files.size()).boxed().toList(), Math.max(1, files.size()))
                .flatMap(file -> clean(files.get(file), file, textField, cleaner.value()).iterator())
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        JavaRDD<CorpusDocument> kept = documents.filter(d -> d.dropReason() == null);
        JavaRDD<CorpusDocument> unique = (config.cleaning().dedup() ? firstOfEachKey(kept) : kept).persist(StorageLevel.MEMORY_AND_DISK_SER());
        JavaRDD<CorpusDocument> survivors = (config.cleaning().nearDedup() ? withoutNearDuplicates(unique) : unique)
                .persist(StorageLevel.MEMORY_AND_DISK_SER());

        // the jobs: the per-document stages and their counts, the exact-duplicate count, the near-duplicate stage with
        // the sort's sample, tokenizing with the kept counts, then one per partition to stream the shards in order
        Map<Tuple2<Integer, String>, long[]> read = documents
                .mapToPair(d -> new Tuple2<>(new Tuple2<>(d.file(), d.dropReason() == null ? KEPT : d.dropReason()), new long[] {1, d.bytes()}))
                .reduceByKey((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}).collectAsMap();
        long keptCount = total(read, key -> key._2().equals(KEPT), 0);
        long uniqueCount = config.cleaning().dedup() ? unique.count() : keptCount;

        Broadcast<ShippedTokenizer> shipped = spark.broadcast(ShippedTokenizer.of(tokenizerPath, TokenDataset.hashTokenizer(tokenizerPath)));
        var split = config.split();
        int endOfText = this.endOfText; // a local, so that the task closure does not take this (and its SparkContext)
        JavaPairRDD<Long, Tokenized> tokenized = survivors.mapToPair(d -> new Tuple2<>(d.order(), d))
                .sortByKey(true, Math.max(1, documents.getNumPartitions()))
                .mapValues(d -> new Tokenized(PreparedOutput.withEndOfText(shipped.value().tokenizer().encode(d.text()), endOfText),
                        split.isValidation(d.hash()), d.piiReplaced()))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        // tokenizes on every executor at once; the driver then reads the partitions in order
        KeptCounts survived = tokenized.aggregate(new KeptCounts(), KeptCounts::add, KeptCounts::merge);

        Map<String, Long> removed = new LinkedHashMap<>();
        for (String reason : config.cleaning().dropReasons()) {
            removed.put(reason, switch (reason) {
                case CorpusPreparer.DUPLICATE -> keptCount - uniqueCount;
                case CorpusPreparer.NEAR_DUPLICATE -> uniqueCount - survived.documents();
                default -> total(read, key -> key._2().equals(reason), 0);
            });
        }
        List<Manifest.Source> sources = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            int file = f;
            long[] keptInFile = survived.byFile().getOrDefault(file, new long[2]);
            sources.add(new Manifest.Source(files.get(file), total(read, key -> key._1() == file, 0), keptInFile[0], keptInFile[1],
                    total(read, key -> key._1() == file, 1)));
        }
        try (PreparedOutput output = new PreparedOutput(outputDir, tokenizer, tokenizerPath, config)) {
            for (Iterator<Tuple2<Long, Tokenized>> it = tokenized.toLocalIterator(); it.hasNext(); ) {
                Tokenized doc = it.next()._2();
                output.write(doc.ids(), doc.validation());
            }
            return output.finish(new PreparedOutput.Statistics(sources, removed, survived.piiReplaced()));
        } finally {
            tokenized.unpersist();
            survivors.unpersist();
            unique.unpersist();
            documents.unpersist();
        }
    }

    private static final String KEPT = "";

    /** The documents ({@code field} 0) or bytes (1) of the (file, drop reason) counts whose key is chosen. */
    private static long total(Map<Tuple2<Integer, String>, long[]> read, Predicate<Tuple2<Integer, String>> chosen, int field) {
        return read.entrySet().stream().filter(e -> chosen.test(e.getKey())).mapToLong(e -> e.getValue()[field]).sum();
    }

    record Tokenized(int[] ids, boolean validation, Map<String, Long> piiReplaced) implements java.io.Serializable {}

    /** Per file the documents and tokens kept, and the personal data replaced in what was kept, summed over partitions. */
    record KeptCounts(Map<Integer, long[]> byFile, Map<String, Long> piiReplaced) implements java.io.Serializable {
        KeptCounts() {
            this(new HashMap<>(), new LinkedHashMap<>());
        }

        KeptCounts add(Tuple2<Long, Tokenized> document) {
            long[] counts = byFile.computeIfAbsent(CorpusDocument.fileOf(document._1()), f -> new long[2]);
            counts[0]++;
            counts[1] += document._2().ids().length;
            document._2().piiReplaced().forEach((kind, n) -> piiReplaced.merge(kind, n, Long::sum));
            return this;
        }

        KeptCounts merge(KeptCounts other) {
            other.byFile.forEach((file, counts) -> {
                long[] sum = byFile.computeIfAbsent(file, f -> new long[2]);
                sum[0] += counts[0];
                sum[1] += counts[1];
            });
            other.piiReplaced.forEach((kind, n) -> piiReplaced.merge(kind, n, Long::sum));
            return this;
        }

        long documents() {
            return byFile.values().stream().mapToLong(c -> c[0]).sum();
        }
    }

    private static List<CorpusDocument> clean(String file, int fileIndex, String textField, DocumentCleaner cleaner) {
        List<CorpusDocument> out = new ArrayList<>();
        try {
            CorpusFiles.read(file, textField, raw -> {
                DocumentCleaner.Cleaned cleaned = cleaner.clean(raw);
                long bytes = raw.getBytes(StandardCharsets.UTF_8).length;
                long order = CorpusDocument.order(fileIndex, out.size());
                out.add(cleaned.kept()
                        ? new CorpusDocument(order, bytes, null, cleaned.text(), DocumentHash.of(cleaned.text()), cleaned.piiReplaced())
                        : new CorpusDocument(order, bytes, cleaned.dropReason(), null, null, Map.of()));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The first document, in input order, of each hash. */
    private static JavaRDD<CorpusDocument> firstOfEachKey(JavaRDD<CorpusDocument> documents) {
        return documents.mapToPair(d -> new Tuple2<>(d.hash(), d)).reduceByKey((a, b) -> a.order() < b.order() ? a : b).values();
    }

    /** Without the documents that share a MinHash band with an earlier document. */
    private static JavaRDD<CorpusDocument> withoutNearDuplicates(JavaRDD<CorpusDocument> documents) {
        JavaPairRDD<DocumentHash, Long> bands = documents.flatMapToPair(d -> {
            List<Tuple2<DocumentHash, Long>> keys = new ArrayList<>();
            for (DocumentHash key : MinHashSignature.bandKeys(MinHashSignature.of(d.text()))) keys.add(new Tuple2<>(key, d.order()));
            return keys.iterator();
        }).persist(StorageLevel.MEMORY_AND_DISK_SER()); // read twice below; MinHash once
        JavaPairRDD<Long, Boolean> later = bands.join(bands.reduceByKey(Math::min))
                .filter(pair -> pair._2()._2() < pair._2()._1())
                .mapToPair(pair -> new Tuple2<>(pair._2()._1(), true))
                .distinct();
        return documents.mapToPair(d -> new Tuple2<>(d.order(), d)).subtractByKey(later).values();
    }
}

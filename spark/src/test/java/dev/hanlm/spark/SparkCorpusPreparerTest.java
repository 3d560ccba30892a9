package dev.hanlm.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.train.data.CleaningSettings;
import dev.hanlm.train.data.CorpusPreparer;
import dev.hanlm.train.data.Manifest;
import dev.hanlm.train.data.PersonalData;
import dev.hanlm.train.data.PrepareConfig;
import dev.hanlm.train.data.ValidationSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkCorpusPreparerTest {
    private static final Path TOKENIZER = Path.of("../cli/src/main/resources/bundled/tokenizer");
    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    private static final List<String> FILES = List.of("wiki_00", "posts.jsonl.gz", "comments.txt");
    private static JavaSparkContext spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("test").set("spark.ui.enabled", "false")
                .set("spark.sql.shuffle.partitions", "2").set("spark.default.parallelism", "2"));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void sparkAndTheSingleProcessDriverWriteTheSameShardsAndFindThePlantedNearDuplicates() throws IOException {
        PrepareConfig config = new PrepareConfig(CleaningSettings.DEFAULTS, new ValidationSplit(0.2), 2_000, true, "text");
        Tokenizer tokenizer = Tokenizer.load(TOKENIZER);
        Path local = Files.createDirectories(dir.resolve("local")), onSpark = Files.createDirectories(dir.resolve("spark"));
        Manifest expected = new CorpusPreparer(tokenizer, TOKENIZER, config)
                .prepare(FILES.stream().map(CORPUS::resolve).toList(), local, CorpusPreparer.Progress.NONE);
        Manifest actual = new SparkCorpusPreparer(spark, tokenizer, TOKENIZER, config)
                .prepare(FILES.stream().map(f -> CORPUS.resolve(f).toString()).toList(), onSpark);

        Map<String, Long> removed = counts(actual);
        assertEquals(counts(expected), removed);
        assertEquals(3L, removed.get("near_duplicate"), "the three reposted articles");
        assertEquals(2L, removed.get("duplicate"), "the copied article and the repeated comment");
        assertEquals(1L, removed.get("profanity"));
        assertEquals(expected.sources(), actual.sources());
        assertEquals(expected.splits(), actual.splits());
        assertEquals(expected.piiReplaced(), actual.piiReplaced());
        assertEquals(Map.of(PersonalData.PHONE, 1L, PersonalData.EMAIL, 1L, PersonalData.PASSPORT, 1L, PersonalData.ACCOUNT, 1L,
                PersonalData.DRIVER_LICENSE, 1L, PersonalData.RESIDENT_NUMBER, 1L, PersonalData.CARD, 1L), actual.piiReplaced());
        assertTrue(actual.splits().get("val").documents() > 0 && actual.splits().get("train").shards().size() > 1);
        List<Path> files = files(local);
        assertEquals(files, files(onSpark));
        for (Path file : files) assertArrayEquals(Files.readAllBytes(local.resolve(file)), Files.readAllBytes(onSpark.resolve(file)), file.toString());
    }

    private static Map<String, Long> counts(Manifest manifest) {
        return manifest.filters().stream().collect(Collectors.toMap(Manifest.FilterCount::name, Manifest.FilterCount::documentsRemoved));
    }

    /** The data files, relative; the manifest differs only in the source names, compared above. */
    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize).filter(p -> !p.toString().equals(Manifest.FILE)).sorted().toList();
        }
    }
}

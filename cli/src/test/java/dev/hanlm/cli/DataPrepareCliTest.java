package dev.hanlm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.train.data.Manifest;
import dev.hanlm.train.data.TokenDataset;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPrepareCliTest {
    private static final Path KOWIKI = Path.of("../tokenizer/src/test/resources/corpus/kowiki-sample.txt");

    @TempDir
    static Path dir;
    static Path tokenizer;
    static Path reviews;
    static Path wikiGz;
    static Path prepared;
    static CliRun run;

    @BeforeAll
    static void prepare() throws URISyntaxException, IOException {
        tokenizer = Bundled.resource(Bundled.TOKENIZER).getParent();
        reviews = Path.of(DataPrepareCliTest.class.getResource("/nsmc-3000.txt").toURI());
        wikiGz = dir.resolve("wiki_00.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(wikiGz))) {
            Files.copy(KOWIKI, out);
        }
        prepared = dir.resolve("prepared");
        run = CliRun.of("data", "prepare", "--tokenizer", tokenizer.toString(), "--input", reviews.toString(), wikiGz.toString(),
                "--output", prepared.toString(), "--val-fraction", "0.05", "--shard-tokens", "50000", "--format", "megatron");
        assertEquals(0, run.exitCode(), run.err());
    }

    @Test
    void theSummaryCountsEachFilterAndSplit() {
        String out = run.out();
        assertTrue(out.startsWith("read "), out);
        for (String expected : new String[] {"too_short", "low_hangul_ratio", "repetition", "jamo_spam", "duplicate", "train: ", "val: ", "megatron: ", "wrote " + prepared}) {
            assertTrue(out.contains(expected), expected + " in " + out);
        }
    }

    @Test
    void theShardsReadBackWithOneEndOfTextPerDocument() throws IOException {
        Manifest manifest = Manifest.read(prepared);
        assertEquals(3000, manifest.sources().get(0).documentsRead());
        assertTrue(manifest.filters().stream().filter(f -> f.name().equals("too_short")).findFirst().orElseThrow().documentsRemoved() > 100,
                "NSMC has many short reviews");
        for (TokenDataset.Split split : TokenDataset.Split.values()) {
            try (TokenDataset data = TokenDataset.open(prepared, split)) {
                Manifest.SplitFiles files = manifest.splitFiles(split);
                assertTrue(data.size() > 0, split + " is empty");
                assertEquals(files.tokens(), data.size());
                data.validate();
                int[] all = new int[(int) data.size()];
                data.read(0, all, 0, all.length);
                assertEquals(files.documents(), Arrays.stream(all).filter(id -> id == data.eosId()).count(), split.key());
                assertEquals(data.eosId(), all[all.length - 1]);
            }
        }
        assertTrue(manifest.splitFiles(TokenDataset.Split.TRAIN).shards().size() > 1, "a 50,000-token limit makes several shards");
        assertTrue(Files.size(prepared.resolve("megatron/train_text_document.bin")) > 0);
        assertTrue(Files.exists(prepared.resolve("tokenizer/tokenizer.json")));
    }

    private static void assertOneLineError(CliRun failed, String expected) {
        assertEquals(1, failed.exitCode(), failed.out());
        List<String> errors = failed.err().lines().filter(l -> l.startsWith("hanlm: ")).toList();
        assertEquals(1, errors.size(), failed.err());
        assertTrue(errors.get(0).contains(expected), failed.err());
        assertFalse(failed.err().contains("\tat "), "no stack trace: " + failed.err());
    }

    private static CliRun prepareInto(Path out, String... more) {
        String[] base = {"data", "prepare", "--tokenizer", tokenizer.toString(), "--output", out.toString()};
        return CliRun.of(Stream.concat(Arrays.stream(base), Arrays.stream(more)).toArray(String[]::new));
    }

    @Test
    void badInputsAreOneClearErrorAndWriteNothing() throws IOException {
        Path out = dir.resolve("never");
        Path small = Files.writeString(dir.resolve("small.txt"), "짧다\n");
        byte[] gz = Files.readAllBytes(wikiGz);
        Path broken = Files.write(dir.resolve("broken.gz"), Arrays.copyOf(gz, gz.length / 3));
        Path noTokenizer = Files.createDirectories(dir.resolve("no-tokenizer"));

        assertOneLineError(prepareInto(out, "--input", "/no/such/file.txt"), "/no/such/file.txt does not exist");
        assertOneLineError(prepareInto(out, "--input", broken.toString()), broken + " is not a complete gzip file");
        assertOneLineError(CliRun.of("data", "prepare", "--tokenizer", noTokenizer.toString(), "--input", small.toString(), "--output", out.toString()),
                "has no tokenizer.json");
        assertOneLineError(prepareInto(out, "--input", small.toString(), "--val-fraction", "1"), "--val-fraction must be in [0, 1), not 1.0");
        assertOneLineError(prepareInto(out, "--input", small.toString()), "no documents are left after cleaning");
        assertOneLineError(prepareInto(out, "--input", small.toString(), "--format", "arrow"), "--format must be hanlm or megatron");
        assertFalse(Files.exists(out));
        try (Stream<Path> left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".partial-")), "staging folder left behind");
        }
    }

    @Test
    void anExistingOutputIsKeptUnlessForced() throws IOException {
        Path out = Files.createDirectories(dir.resolve("existing"));
        Files.writeString(out.resolve("keep.txt"), "precious");
        Path small = Files.writeString(dir.resolve("one.txt"), "서울은 대한민국의 수도이며 가장 큰 도시이다. 한강이 도시를 가로지른다.\n");
        assertOneLineError(prepareInto(out, "--input", small.toString()), "--force");
        assertEquals("precious", Files.readString(out.resolve("keep.txt")));

        CliRun forced = prepareInto(out, "--input", small.toString(), "--force", "--val-fraction", "0");
        assertEquals(0, forced.exitCode(), forced.err());
        assertFalse(Files.exists(out.resolve("keep.txt")));
        assertTrue(Files.exists(out.resolve("train-00000.tok")));
        assertFalse(Files.exists(out.resolve("val-00000.tok")), "no validation shard with --val-fraction 0");
    }

    @Test
    void everyDataSubcommandHasHelp() {
        for (String[] args : new String[][] {{"data", "--help"}, {"data", "prepare", "--help"}}) {
            CliRun help = CliRun.of(args);
            assertEquals(0, help.exitCode());
            assertTrue(help.out().startsWith("Usage: hanlm data"), String.join(" ", args) + ": " + help.out());
        }
        assertTrue(CliRun.of("data", "prepare", "--help").out().contains("(default: 20)"));
    }
}

package dev.hanlm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hanlm.tokenizer.Tokenizer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerCliTest {

    @TempDir
    static Path dir;
    static Path corpus;
    static Path trained;

    @BeforeAll
    static void train() throws URISyntaxException {
        corpus = Path.of(TokenizerCliTest.class.getResource("/nsmc-3000.txt").toURI());
        trained = dir.resolve("tok");
        CliRun run = CliRun.of("tokenizer", "train", "--input", corpus.toString(), "--vocab-size", "800", "--output", trained.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("morpheme-aware byte-level BPE"), run.out());
    }

    @Test
    void trainWritesAnHfTokenizerAndTheMorphemeSideFile() throws Exception {
        JsonNode json = new ObjectMapper().readTree(trained.resolve("tokenizer.json").toFile());
        assertEquals(800, json.path("model").path("vocab").size());
        assertEquals("<|endoftext|>", json.path("added_tokens").get(0).path("content").asText());
        JsonNode side = new ObjectMapper().readTree(trained.resolve("hanlm-tokenizer.json").toFile());
        assertEquals("nori", side.path("morpheme_split").path("analyzer").asText());
        assertTrue(Tokenizer.load(trained).morphemeAware());
    }

    @Test
    void theOutputHasTheUsualPermissionsNotOwnerOnlyOnes() throws Exception {
        var usualFile = Files.getPosixFilePermissions(Files.createFile(dir.resolve("probe.txt")));
        var usualDir = Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("probe-dir")));
        assertEquals(usualDir, Files.getPosixFilePermissions(trained));
        assertEquals(usualFile, Files.getPosixFilePermissions(trained.resolve("tokenizer.json")));
        assertEquals(usualFile, Files.getPosixFilePermissions(trained.resolve("hanlm-tokenizer.json")));
    }

    @Test
    void jsonlInputsReadTheNamedTextField() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        java.util.List<String> records;
        try (Stream<String> lines = Files.lines(corpus)) {
            records = lines.limit(2000).map(l -> mapper.createObjectNode().put("review", l).toString()).toList();
        }
        Path jsonl = Files.writeString(dir.resolve("reviews.jsonl"), String.join("\n", records));
        Path out = dir.resolve("from-jsonl");
        CliRun run = CliRun.of("tokenizer", "train", "--input", jsonl.toString(), "--text-field", "review", "--vocab-size", "500",
                "--no-morpheme-aware", "--output", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("from 2,000 documents"), run.out());
        CliRun wrongField = CliRun.of("tokenizer", "train", "--input", jsonl.toString(), "--vocab-size", "500", "--output", dir.resolve("x2").toString());
        assertEquals(1, wrongField.exitCode());
        assertTrue(wrongField.err().contains("has no text field 'text'"), wrongField.err());
    }

    @Test
    void tokenizeJsonGivesTheLibraryIdsAndTokens() throws Exception {
        String text = "유희열이 눈물을 흘렸다. 정말 재밌어요!";
        CliRun run = CliRun.of("tokenize", "--tokenizer", trained.toString(), "--json", text);
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        Tokenizer tokenizer = Tokenizer.load(trained);
        int[] expected = tokenizer.encode(text);
        assertArrayEquals(expected, new ObjectMapper().convertValue(json.path("ids"), int[].class));
        assertEquals(tokenizer.token(expected[0]), json.path("tokens").get(0).asText());
    }

    @Test
    void tokenizePiecesJoinBackToTheText() {
        String text = "영화가 너무 재밌었다 ㅋㅋ 10점!";
        CliRun run = CliRun.of("tokenize", "--tokenizer", trained.toString(), text);
        assertEquals(0, run.exitCode(), run.err());
        String line = run.out().strip();
        assertTrue(line.contains(TokenizeCommand.MARKER), line);
        assertEquals(text, line.replace(TokenizeCommand.MARKER, ""));
    }

    @Test
    void aVocabSmallerThanTheByteAlphabetIsOneClearError() {
        Path out = dir.resolve("too-small");
        CliRun run = CliRun.of("tokenizer", "train", "--input", corpus.toString(), "--vocab-size", "100", "--output", out.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("hanlm: vocab size 100 is smaller than the byte alphabet"), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line, no stack trace: " + run.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void anEmptyCorpusFailsAndLeavesNoHalfWrittenDirectory() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n   \n\n");
        Path out = dir.resolve("from-empty");
        CliRun run = CliRun.of("tokenizer", "train", "--input", empty.toString(), "--vocab-size", "1000", "--output", out.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("the corpus is empty"), run.err());
        assertFalse(Files.exists(out));
        try (Stream<Path> left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".partial-")), "staging folder left behind");
        }
    }

    @Test
    void anExistingOutputIsKeptUnlessForced() throws Exception {
        Path out = Files.createDirectories(dir.resolve("existing"));
        Files.writeString(out.resolve("keep.txt"), "precious");
        CliRun refused = CliRun.of("tokenizer", "train", "--input", corpus.toString(), "--vocab-size", "600", "--output", out.toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("--force"), refused.err());
        assertEquals("precious", Files.readString(out.resolve("keep.txt")));

        CliRun forced = CliRun.of("tokenizer", "train", "--input", corpus.toString(), "--vocab-size", "600", "--output", out.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertFalse(Files.exists(out.resolve("keep.txt")));
        assertEquals(600, Tokenizer.load(out).vocabSize());
    }

    @Test
    void aMissingInputFileIsNamed() {
        CliRun run = CliRun.of("tokenizer", "train", "--input", "/no/such/corpus.txt", "--vocab-size", "600", "--output", dir.resolve("x").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("/no/such/corpus.txt"), run.err());
    }

    @Test
    void aMalformedTokenizerJsonIsOneClearError() throws Exception {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": ");
        CliRun run = CliRun.of("tokenize", "--tokenizer", bad.toString(), "안녕");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("is not valid JSON"), run.err());
    }

    @Test
    void everySubcommandHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"tokenizer", "--help"}, {"tokenizer", "train", "--help"}, {"tokenize", "--help"}}) {
            CliRun run = CliRun.of(args);
            assertEquals(0, run.exitCode());
            assertTrue(run.out().startsWith("Usage: hanlm"), String.join(" ", args) + ": " + run.out());
        }
    }
}

package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.tokenizer.AddedToken;
import dev.hanlm.tokenizer.BpeModel;
import dev.hanlm.tokenizer.Normalizer;
import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.train.TrainingException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusPreparerTest {
    private static final Path BUNDLED = Path.of("../cli/src/main/resources/bundled/tokenizer");
    private static final String LONG_A = "이 영화는 정말 재미있었어요. 배우들의 연기가 훌륭합니다.";
    private static final String LONG_B = "지미 카터는 조지아주 섬터 카운티 플레인스 마을에서 태어났다.";
    private static final String LONG_C = "서울은 대한민국의 수도이며 가장 큰 도시이다. 한강이 도시를 가로지른다.";

    @TempDir
    Path dir;

    private Manifest prepare(PrepareConfig config, Path out, Path... inputs) throws IOException {
        Files.createDirectories(out);
        return new CorpusPreparer(Tokenizer.load(BUNDLED), BUNDLED, config).prepare(List.of(inputs), out, CorpusPreparer.Progress.NONE);
    }

    private Path gzip(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @Test
    void cleansCountsAndWritesShardsTheTrainerCanRead() throws IOException {
        Path text = Files.writeString(dir.resolve("reviews.txt"), String.join("\n", LONG_A, "짧다", LONG_A,
                "This line is written in English and has no Korean in it.", "재밌어요ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ 최고", "  " + LONG_A + "  "));
        Path jsonl = gzip("docs.jsonl.gz", "{\"text\": \"" + LONG_B + "\"}\n{\"text\": \"" + LONG_C + "\"}\n");
        Path wiki = Files.writeString(dir.resolve("wiki_00"), "<doc id=\"1\" title=\"서울\">\n" + LONG_C + "\n</doc>\n<doc id=\"2\">\n제목\n</doc>\n");
        Path out = dir.resolve("out");
        Manifest manifest = prepare(new PrepareConfig(CleaningSettings.DEFAULTS, new ValidationSplit(0), 10, false, "text"), out, text, jsonl, wiki);

        assertEquals(List.of(6L, 2L, 2L), manifest.sources().stream().map(Manifest.Source::documentsRead).toList());
        assertEquals(List.of(1L, 2L, 0L), manifest.sources().stream().map(Manifest.Source::documentsKept).toList());
        Map<String, Long> removed = manifest.filters().stream()
                .collect(Collectors.toMap(Manifest.FilterCount::name, Manifest.FilterCount::documentsRemoved));
        assertEquals(Map.of("too_short", 2L, "low_hangul_ratio", 1L, "repetition", 1L, "jamo_spam", 0L, "profanity", 0L, "duplicate", 3L,
                        "near_duplicate", 0L), removed,
                "LONG_A twice more (once with spaces) and LONG_C again in the wiki file are duplicates");

        Tokenizer tokenizer = Tokenizer.load(BUNDLED);
        int eos = tokenizer.id("<|endoftext|>");
        List<Integer> expected = new ArrayList<>();
        for (String doc : List.of(LONG_A, LONG_B, LONG_C)) {
            for (int id : tokenizer.encode(doc)) expected.add(id);
            expected.add(eos);
        }
        try (TokenDataset train = TokenDataset.open(out, TokenDataset.Split.TRAIN)) {
            assertEquals(expected.size(), train.size());
            int[] all = new int[expected.size()];
            train.read(0, all, 0, all.length);
            assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), all);
            assertEquals(TokenDataset.hashTokenizer(BUNDLED), train.tokenizerHash());
            assertEquals(TokenDataset.hashTokenizer(BUNDLED), TokenDataset.hashTokenizer(train.tokenizerDirectory()), "the copy is byte for byte");
            assertEquals(eos, train.eosId());
        }
        Manifest.SplitFiles trainFiles = manifest.splitFiles(TokenDataset.Split.TRAIN);
        assertEquals(3, trainFiles.shards().size(), "a 10-token limit puts each document in a shard of its own");
        assertEquals("train-00002.tok", trainFiles.shards().get(2).file());
        assertEquals(expected.size(), manifest.sources().stream().mapToLong(Manifest.Source::tokens).sum());
        assertEquals(manifest, Manifest.read(out), "the manifest reads back as written");
    }

    @Test
    void theSplitIsTheSameOnEveryRunAndNoDocumentIsInBoth() throws IOException {
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < 200; i++) docs.add(LONG_A + " 번호 " + i + "번 문서입니다.");
        Path input = Files.write(dir.resolve("many.txt"), docs);
        // the documents are near-duplicates of each other by design: the first five rules only
        PrepareConfig config = new PrepareConfig(new CleaningSettings(20, 0.5, 0.3, 0.5, true), new ValidationSplit(0.2), 1000, false, "text");
        Manifest first = prepare(config, dir.resolve("a"), input);
        Manifest second = prepare(config, dir.resolve("b"), input);
        long val = first.splitFiles(TokenDataset.Split.VALIDATION).documents();
        assertTrue(val > 20 && val < 60, "about a fifth: " + val);
        assertEquals(200, val + first.splitFiles(TokenDataset.Split.TRAIN).documents());
        for (String shard : List.of("train-00000.tok", "val-00000.tok")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(shard)), Files.readAllBytes(dir.resolve("b").resolve(shard)), shard);
        }
        assertEquals(first.splits(), second.splits());
    }

    @Test
    void megatronFilesHoldTheSameDocuments() throws IOException {
        Path input = Files.writeString(dir.resolve("m.txt"), LONG_A + "\n" + LONG_B + "\n");
        Manifest manifest = prepare(new PrepareConfig(CleaningSettings.DEFAULTS, new ValidationSplit(0), 1000, true, "text"), dir.resolve("m"), input);
        assertEquals(new Manifest.MegatronFiles("megatron/train_text_document", "megatron/val_text_document", "uint16"), manifest.megatron());
        Path bin = dir.resolve("m/megatron/train_text_document.bin");
        byte[] shard = Files.readAllBytes(dir.resolve("m/train-00000.tok"));
        assertArrayEquals(java.util.Arrays.copyOfRange(shard, TokenShard.HEADER_BYTES, shard.length), Files.readAllBytes(bin),
                "the same uint16 tokens in the same order");
        assertTrue(Files.exists(dir.resolve("m/megatron/val_text_document.idx")));
    }

    @Test
    void nothingLeftAfterCleaningIsOneClearError() throws IOException {
        Path input = Files.writeString(dir.resolve("short.txt"), "짧다\n너무 짧다\n");
        String message = assertThrows(TrainingException.class,
                () -> prepare(PrepareConfig.defaults(), dir.resolve("none"), input)).getMessage();
        assertTrue(message.startsWith("no documents are left after cleaning (2 read; removed: {too_short=2"), message);
        try (var left = Files.list(dir.resolve("none"))) {
            assertEquals(List.of(), left.toList(), "no shard or temporary file is left behind");
        }
    }

    @Test
    void aTruncatedGzipAndAMissingInputAreNamed() throws IOException {
        Path good = gzip("good.txt.gz", (LONG_A + "\n").repeat(2000));
        byte[] bytes = Files.readAllBytes(good);
        Path broken = Files.write(dir.resolve("broken.txt.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        String message = assertThrows(TrainingException.class, () -> prepare(PrepareConfig.defaults(), dir.resolve("x"), broken)).getMessage();
        assertTrue(message.startsWith(broken + " is not a complete gzip file"), message);
        Path missing = dir.resolve("missing.txt");
        message = assertThrows(TrainingException.class, () -> prepare(PrepareConfig.defaults(), dir.resolve("y"), good, missing)).getMessage();
        assertEquals(missing + " does not exist or is not a file", message);
    }

    @Test
    void aTokenizerWithoutAnEndOfTextTokenIsRefused() {
        BpeModel model = Tokenizer.load(BUNDLED).model();
        Tokenizer withoutEos = Tokenizer.byteLevel(model, new Normalizer.Unicode(java.text.Normalizer.Form.NFC), List.<AddedToken>of(), null);
        String message = assertThrows(TrainingException.class,
                () -> new CorpusPreparer(withoutEos, dir, PrepareConfig.defaults())).getMessage();
        assertTrue(message.contains("has no end-of-text token"), message);
    }
}

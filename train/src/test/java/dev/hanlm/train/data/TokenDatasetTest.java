package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.train.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenDatasetTest {
    @TempDir
    Path dir;
    private final List<Integer> expected = new ArrayList<>();

    /** 40 documents of 1 to 12 tokens in shards of at most 25 tokens, vocabulary 70,000 (uint32). */
    @BeforeEach
    void prepare() throws IOException {
        Random random = new Random(7);
        try (ShardedSplitWriter train = new ShardedSplitWriter(dir, "train", 70_000, 25)) {
            for (int d = 0; d < 40; d++) {
                int[] doc = random.ints(1 + random.nextInt(12), 1, 70_000).toArray();
                doc[doc.length - 1] = 0;
                for (int id : doc) expected.add(id);
                train.writeDocument(doc);
            }
            List<Manifest.Shard> shards = train.finish();
            assertTrue(shards.size() > 10, "enough shards to cross many boundaries");
            long tokens = shards.stream().mapToLong(Manifest.Shard::tokens).sum();
            manifest(Map.of("train", new Manifest.SplitFiles(40, tokens, shards))).write(dir);
        }
    }

    private static Manifest manifest(Map<String, Manifest.SplitFiles> splits) {
        return new Manifest(Manifest.FORMAT, Manifest.FORMAT_VERSION,
                new Manifest.TokenizerInfo("/tok", "tokenizer", "abc123", null, 70_000, 0, "<|endoftext|>"),
                CleaningSettings.DEFAULTS, List.of(), List.of(), new Manifest.SplitRule(0.0, ValidationSplit.RULE), splits, null, null);
    }

    @Test
    void readsTheShardsAsOneStreamAcrossEveryBoundary() {
        try (TokenDataset data = TokenDataset.open(dir, TokenDataset.Split.TRAIN)) {
            assertEquals(expected.size(), data.size());
            assertEquals(70_000, data.vocabSize());
            assertEquals("abc123", data.tokenizerHash());
            for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), data.get(i), "token " + i);
            int[] want = expected.stream().mapToInt(Integer::intValue).toArray();
            for (int from = 0; from < want.length; from += 3) {
                for (int n : new int[] {0, 1, 7, 30}) {
                    if (from + n > want.length) continue;
                    int[] got = new int[n + 2];
                    data.read(from, got, 1, n);
                    int[] slice = new int[n + 2];
                    System.arraycopy(want, from, slice, 1, n);
                    assertArrayEquals(slice, got, "read(" + from + ", " + n + ")");
                }
            }
            data.validate();
        }
    }

    @Test
    void readsPastTheEndAreRefused() {
        try (TokenDataset data = TokenDataset.open(dir, TokenDataset.Split.TRAIN)) {
            assertThrows(IndexOutOfBoundsException.class, () -> data.get(data.size()));
            assertThrows(IndexOutOfBoundsException.class, () -> data.read(data.size() - 2, new int[3], 0, 3));
        }
    }

    @Test
    void aSplitWithoutShardsIsEmpty() {
        try (TokenDataset val = TokenDataset.open(dir, TokenDataset.Split.VALIDATION)) {
            assertEquals(0, val.size());
            val.read(0, new int[0], 0, 0);
        }
    }

    @Test
    void aMissingOrCorruptManifestIsOneClearError() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertTrue(assertThrows(TrainingException.class, () -> TokenDataset.open(empty, TokenDataset.Split.TRAIN))
                .getMessage().contains("has no manifest.json"));
        Files.writeString(empty.resolve("manifest.json"), "{\"format\": ");
        assertTrue(assertThrows(TrainingException.class, () -> TokenDataset.open(empty, TokenDataset.Split.TRAIN))
                .getMessage().contains("is not a valid manifest"));
    }

    @Test
    void aMissingShardIsNamed() throws IOException {
        Files.delete(dir.resolve("train-00003.tok"));
        String message = assertThrows(TrainingException.class, () -> TokenDataset.open(dir, TokenDataset.Split.TRAIN)).getMessage();
        assertTrue(message.contains("train-00003.tok does not exist"), message);
    }

    @Test
    void aShardThatDisagreesWithTheManifestIsNamed() throws IOException {
        try (TokenShardWriter other = new TokenShardWriter(dir.resolve("train-00001.tok"), 70_000)) {
            other.writeDocument(new int[] {5, 0});
            other.finish();
        }
        String message = assertThrows(TrainingException.class, () -> TokenDataset.open(dir, TokenDataset.Split.TRAIN)).getMessage();
        assertTrue(message.contains("train-00001.tok holds 2 tokens in 1 documents but the manifest lists"), message);
    }

    @Test
    void theTokenizerCopyIsFoundBesideTheData() throws IOException {
        Files.createDirectories(dir.resolve("tokenizer"));
        try (TokenDataset data = TokenDataset.open(dir, TokenDataset.Split.TRAIN)) {
            assertEquals(dir.resolve("tokenizer"), data.tokenizerDirectory());
        }
    }
}

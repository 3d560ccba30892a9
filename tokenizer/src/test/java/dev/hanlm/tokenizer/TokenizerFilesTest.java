package dev.hanlm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad tokenizer files and bad training input: each is refused with a TokenizerException whose message
 * names the problem, never with another kind of exception.
 */
class TokenizerFilesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    @Test
    void aMissingDirectory() {
        Path missing = dir.resolve("no-such-model");
        assertMessage(() -> Tokenizer.load(missing), missing.toString(), "does not exist");
    }

    @Test
    void aDirectoryWithoutTokenizerJson() {
        assertMessage(() -> Tokenizer.load(dir), dir.toString(), "has no tokenizer.json");
    }

    @Test
    void malformedJson() throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\",\n \"vocab\": {\"a\": 0,,}}}");
        assertMessage(() -> Tokenizer.load(dir), "tokenizer.json", "is not valid JSON", "line 2");
    }

    @Test
    void aMergeNamingATokenOutsideTheVocabulary() throws IOException {
        ObjectNode json = charLevel("a", "b", "ab");
        ((ArrayNode) json.path("model").path("merges")).add("a b").add("a zz");
        assertMessage(() -> load(json), "merge 1", "'zz'", "not in the vocabulary");
    }

    @Test
    void aMergeWhoseResultIsNotInTheVocabulary() throws IOException {
        ObjectNode json = charLevel("a", "b");
        ((ArrayNode) json.path("model").path("merges")).add("a b");
        assertMessage(() -> load(json), "merge 0", "'ab'", "not in the vocabulary");
    }

    @Test
    void vocabIdsWithAGap() throws IOException {
        ObjectNode json = charLevel("a", "b");
        ((ObjectNode) json.path("model").path("vocab")).put("b", 5);
        assertMessage(() -> load(json), "'b'", "id 5", "outside 0..1");
    }

    @Test
    void vocabIdsGivenTwice() throws IOException {
        ObjectNode json = charLevel("a", "b");
        ((ObjectNode) json.path("model").path("vocab")).put("b", 0);
        assertMessage(() -> load(json), "id 0", "'a'", "'b'");
    }

    @Test
    void aWordPieceModel() throws IOException {
        ObjectNode json = charLevel("a");
        ((ObjectNode) json.path("model")).put("type", "WordPiece");
        assertMessage(() -> load(json), "unsupported model type 'WordPiece'");
    }

    @Test
    void bertAndSentencePieceNormalizers() throws IOException {
        for (String type : List.of("BertNormalizer", "Precompiled", "Strip")) {
            ObjectNode json = charLevel("a");
            json.putObject("normalizer").put("type", type);
            assertMessage(() -> load(json), "unsupported normalizer type '" + type + "'");
        }
    }

    @Test
    void aBertPreTokenizer() throws IOException {
        ObjectNode json = charLevel("a");
        json.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        assertMessage(() -> load(json), "unsupported pre_tokenizer type 'BertPreTokenizer'");
    }

    @Test
    void aByteLevelVocabularyMissingAByte() throws IOException {
        ObjectNode json = charLevel();
        ObjectNode vocab = (ObjectNode) json.path("model").path("vocab");
        for (int b = 0; b < 256; b++) if (b != 'A') vocab.put(String.valueOf(ByteLevel.charOf(b)), vocab.size());
        json.putObject("pre_tokenizer").put("type", "ByteLevel");
        assertMessage(() -> load(json), "0x41", "missing");
    }

    @Test
    void notAJsonObject() throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), "[1, 2, 3]");
        assertMessage(() -> Tokenizer.load(dir), "not a JSON object");
        Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\"}");
        assertMessage(() -> Tokenizer.load(dir), "'model'");
    }

    /**
     * Every value of each fixture replaced in turn by null, a number, a string, an array, an object or
     * nothing: the file must load or be refused with a TokenizerException, never crash otherwise.
     */
    @Test
    void anyDamagedFieldIsRefusedCleanly() throws IOException {
        List<JsonNode> replacements = List.of(NODES.nullNode(), NODES.numberNode(-1), NODES.numberNode(100000),
                NODES.textNode("x"), NODES.textNode(""), NODES.arrayNode(), NODES.objectNode(), NODES.booleanNode(true));
        int loads = 0;
        for (String fixture : List.of("kogpt2-style.json", "llama2-style.json", "llama3-style.json")) {
            ObjectNode original = (ObjectNode) TokenizerJson.MAPPER.readTree(TestCorpus.resource("hf/" + fixture).toFile());
            List<String> paths = new ArrayList<>();
            collectPaths(original, "", paths);
            for (String path : paths) {
                for (JsonNode replacement : replacements) {
                    ObjectNode damaged = original.deepCopy();
                    replace(damaged, path, replacement);
                    tryLoad(damaged, fixture + " with " + path + " = " + replacement);
                    loads++;
                }
                ObjectNode damaged = original.deepCopy();
                replace(damaged, path, null);
                tryLoad(damaged, fixture + " without " + path);
                loads++;
            }
        }
        assertTrue(loads > 400, "only " + loads + " damaged files were tried");
    }

    @Test
    void aVocabSizeBelowTheByteAlphabet() {
        assertMessage(() -> TrainerConfig.defaults(200), "vocab size 200", "256", "1 special tokens = 257");
    }

    @Test
    void trainingOnAnEmptyOrBlankCorpus() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        Path blank = Files.writeString(dir.resolve("blank.txt"), "\n\n   \n\t\n");
        BpeTrainer trainer = new BpeTrainer(TrainerConfig.defaults(300).withMorphemeAware(false));
        for (Path file : List.of(empty, blank)) {
            assertMessage(() -> trainer.train(List.of(file), BpeTrainer.Progress.NONE), "corpus is empty", file.toString());
        }
        assertMessage(() -> trainer.train(List.of(dir.resolve("missing.txt")), BpeTrainer.Progress.NONE), "missing.txt", "does not exist");
        assertMessage(() -> trainer.train(List.of(), BpeTrainer.Progress.NONE), "no input files");
    }

    // ---- helpers

    /** A char-level BPE tokenizer.json with the given vocabulary, ids in order, and no merges. */
    private static ObjectNode charLevel(String... tokens) {
        ObjectNode root = NODES.objectNode();
        ObjectNode model = root.putObject("model").put("type", "BPE");
        ObjectNode vocab = model.putObject("vocab");
        for (String t : tokens) vocab.put(t, vocab.size());
        model.putArray("merges");
        return root;
    }

    private Tokenizer load(JsonNode json) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.write(file, TokenizerJson.MAPPER.writeValueAsBytes(json));
        return Tokenizer.load(dir);
    }

    private void tryLoad(JsonNode json, String what) throws IOException {
        try {
            Tokenizer t = load(json);
            t.decode(t.encode("안녕 hello <s> 😀"));
        } catch (TokenizerException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank(), what);
        } catch (RuntimeException e) {
            fail(what + " threw " + e, e);
        }
    }

    /** JSON pointers to every value, but only the first few entries of long arrays and objects (vocab, merges). */
    private static void collectPaths(JsonNode node, String path, List<String> out) {
        if (!path.isEmpty()) out.add(path);
        List<String> keys = new ArrayList<>();
        if (node.isObject()) node.fieldNames().forEachRemaining(keys::add);
        if (node.isArray()) for (int i = 0; i < node.size(); i++) keys.add(String.valueOf(i));
        for (String key : keys.subList(0, Math.min(keys.size(), 4))) {
            collectPaths(node.isObject() ? node.get(key) : node.get(Integer.parseInt(key)), path + "/" + key.replace("~", "~0").replace("/", "~1"), out);
        }
    }

    /** Sets the value at a JSON pointer, or removes it when {@code value} is null. */
    private static void replace(ObjectNode root, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
        String key = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode o) {
            if (value == null) o.remove(key);
            else o.set(key, value);
        } else if (parent instanceof ArrayNode a) {
            if (value == null) a.remove(Integer.parseInt(key));
            else a.set(Integer.parseInt(key), value);
        }
    }

    private static void assertMessage(Executable action, String... parts) {
        TokenizerException e = assertThrows(TokenizerException.class, action);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "the message should name " + part + ": " + e.getMessage());
        }
    }
}

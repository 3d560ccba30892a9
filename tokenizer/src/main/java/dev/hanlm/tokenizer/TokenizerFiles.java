package dev.hanlm.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A tokenizer directory: {@code tokenizer.json} (a valid HF tokenizers file) and, for a
 * morpheme-aware tokenizer, {@value #SETTINGS} beside it, plus the Nori user dictionary if one was used.
 * The side file is the only thing a plain HF reader misses; it still decodes every id correctly.
 */
public final class TokenizerFiles {
    public static final String TOKENIZER_JSON = "tokenizer.json";
    public static final String SETTINGS = "hanlm-tokenizer.json";
    public static final String USER_DICTIONARY = "nori-user-dictionary.txt";

    private TokenizerFiles() {}

    static Tokenizer load(Path dirOrFile) {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(TOKENIZER_JSON) : dirOrFile;
        if (!Files.exists(dirOrFile)) throw new TokenizerException(dirOrFile + " does not exist (expected a tokenizer directory or a tokenizer.json)");
        if (!Files.isRegularFile(file)) throw new TokenizerException(dirOrFile + " has no " + TOKENIZER_JSON);
        JsonNode root = readJson(file);
        Tokenizer.MorphemeSettings morphemes = readSettings(file.resolveSibling(SETTINGS));
        try {
            return TokenizerJson.read(root, morphemes);
        } catch (TokenizerException e) {
            throw new TokenizerException(file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            try (var in = Files.newInputStream(file)) {
                return TokenizerJson.MAPPER.readTree(in);
            }
        } catch (JsonProcessingException e) {
            throw new TokenizerException(file + " is not valid JSON (line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new TokenizerException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Tokenizer.MorphemeSettings readSettings(Path file) {
        if (!Files.exists(file)) return null;
        JsonNode root = readJson(file);
        JsonNode split = root.path("morpheme_split");
        if (split.isMissingNode() || split.isNull()) return null;
        String analyzer = split.path("analyzer").asText("nori");
        if (!analyzer.equals("nori")) throw new TokenizerException(file + ": unsupported morpheme analyzer '" + analyzer + "' (hanlm uses nori)");
        String mode = split.path("decompound_mode").asText("none");
        if (!mode.equals("none")) throw new TokenizerException(file + ": unsupported decompound_mode '" + mode + "' (hanlm uses none)");
        JsonNode dictionary = split.get("user_dictionary");
        if (dictionary == null || dictionary.isNull()) return new Tokenizer.MorphemeSettings(MorphemeAnalyzer.withoutDictionary(), null);
        Path dictionaryFile = file.resolveSibling(dictionary.asText());
        return new Tokenizer.MorphemeSettings(MorphemeAnalyzer.withDictionary(dictionaryFile), dictionaryFile);
    }

    /** Writes the files into {@code dir} (created if needed), each to a temporary name first and then moved into place. */
    static void save(Tokenizer t, Path dir) {
        try {
            Files.createDirectories(dir);
            writeAtomically(dir.resolve(TOKENIZER_JSON), TokenizerJson.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(TokenizerJson.write(t)));
            Path settings = dir.resolve(SETTINGS);
            if (t.morphemes() == null) {
                Files.deleteIfExists(settings);
                return;
            }
            ObjectNode root = TokenizerJson.MAPPER.createObjectNode().put("format", "hanlm-tokenizer/1");
            ObjectNode split = root.putObject("morpheme_split").put("analyzer", "nori").put("decompound_mode", "none");
            Path dictionary = t.morphemes().userDictionary();
            if (dictionary == null) {
                split.putNull("user_dictionary");
            } else {
                Path target = dir.resolve(USER_DICTIONARY);
                if (!Files.exists(target) || !Files.isSameFile(dictionary, target)) writeAtomically(target, Files.readAllBytes(dictionary));
                split.put("user_dictionary", USER_DICTIONARY);
            }
            writeAtomically(settings, TokenizerJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new TokenizerException("cannot write the tokenizer to " + dir + ": " + e.getMessage(), e);
        }
    }

    public static void writeAtomically(Path target, byte[] content) throws IOException {
        // a plain file, not createTempFile's owner-only one: the result keeps the usual permissions
        Path tmp = target.toAbsolutePath().resolveSibling("." + target.getFileName() + "." + System.nanoTime() + ".tmp");
        try {
            Files.write(tmp, content, java.nio.file.StandardOpenOption.CREATE_NEW);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

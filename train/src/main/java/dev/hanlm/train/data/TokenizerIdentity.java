package dev.hanlm.train.data;

import dev.hanlm.tokenizer.TokenizerException;
import dev.hanlm.tokenizer.TokenizerFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names the tokenizer that made a prepared directory: the SHA-256 of its {@code tokenizer.json}, and
 * separately that of {@code hanlm-tokenizer.json} (the morpheme setting, which changes the ids too); and
 * keeps a copy of both in the directory, so that the data carries its tokenizer wherever it is moved.
 */
final class TokenizerIdentity {
    private TokenizerIdentity() {}

    /** The hex SHA-256 of {@code tokenizer.json} in a tokenizer (or model) directory, or of the file itself. */
    static String sha256(Path tokenizerDirOrFile) {
        return sha256File(tokenizerJson(tokenizerDirOrFile));
    }

    /** The hex SHA-256 of {@code hanlm-tokenizer.json} beside {@code tokenizer.json}, or null when there is none. */
    static String settingsSha256(Path tokenizerDirOrFile) {
        Path side = settingsJson(tokenizerDirOrFile);
        return Files.isRegularFile(side) ? sha256File(side) : null;
    }

    /**
     * Copies the tokenizer's files into {@code dir} byte for byte (so the copy has the same hashes):
     * {@code tokenizer.json} and, when present, the morpheme settings and their user dictionary.
     */
    static void copy(Path tokenizerDirOrFile, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.copy(tokenizerJson(tokenizerDirOrFile), dir.resolve(TokenizerFiles.TOKENIZER_JSON));
        Path settings = settingsJson(tokenizerDirOrFile);
        for (Path file : new Path[] {settings, settings.resolveSibling(TokenizerFiles.USER_DICTIONARY)}) {
            if (Files.isRegularFile(file)) Files.copy(file, dir.resolve(file.getFileName().toString()));
        }
    }

    private static Path tokenizerJson(Path dirOrFile) {
        return Files.isDirectory(dirOrFile) ? dirOrFile.resolve(TokenizerFiles.TOKENIZER_JSON) : dirOrFile;
    }

    private static Path settingsJson(Path dirOrFile) {
        Path dir = Files.isDirectory(dirOrFile) ? dirOrFile : dirOrFile.toAbsolutePath().getParent();
        return dir.resolve(TokenizerFiles.SETTINGS);
    }

    private static String sha256File(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new TokenizerException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

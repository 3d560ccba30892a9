package dev.hanlm.studio;

import dev.hanlm.tokenizer.ByteLevel;
import dev.hanlm.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The UTF-8 bytes one token stands for, which OpenAI's log-probabilities report beside its text: a token may carry
 * part of a character (a Korean syllable is 3 bytes), and then only the bytes say what it is.
 */
final class TokenBytes {
    /** A SentencePiece-style byte-fallback piece. */
    private static final Pattern BYTE_PIECE = Pattern.compile("<0x([0-9A-Fa-f]{2})>");

    private TokenBytes() {}

    static byte[] of(Tokenizer tokenizer, int id) {
        String piece = tokenizer.token(id);
        boolean added = tokenizer.addedTokens().stream().anyMatch(t -> t.id() == id);
        if (!added && tokenizer.model().byteLevel()) {
            byte[] raw = ByteLevel.decode(piece);
            if (raw != null) return raw;
        }
        Matcher fallback = BYTE_PIECE.matcher(piece);
        if (!added && fallback.matches()) return new byte[] {(byte) Integer.parseInt(fallback.group(1), 16)};
        return tokenizer.tokenText(id).getBytes(StandardCharsets.UTF_8);
    }
}

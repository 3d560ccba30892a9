package dev.hanlm.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The last pipeline stage: token strings back to text. Invalid UTF-8 (a byte-level sequence cut in
 * the middle of a character) decodes to U+FFFD exactly as HF tokenizers decodes it: the byte-level
 * decoder gives one per maximal ill-formed subpart (Rust's from_utf8_lossy), byte fallback one per byte.
 */
public sealed interface Decoder {
    List<String> decodeChain(List<String> tokens);

    default String decode(List<String> tokens) {
        return String.join("", decodeChain(tokens));
    }

    /** Maps GPT-2's printable characters back to bytes; characters outside the mapping pass through. */
    record ByteLevelDecoder() implements Decoder {
        public List<String> decodeChain(List<String> tokens) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (String t : tokens) {
                byte[] b = ByteLevel.decode(t);
                bytes.writeBytes(b != null ? b : t.getBytes(StandardCharsets.UTF_8));
            }
            return List.of(utf8MaximalSubparts(bytes.toByteArray()));
        }
    }

    /**
     * SentencePiece-style: {@code ▁} becomes a space, and the space put in front of the text is removed.
     * As in HF, the first token loses every {@code ▁} it holds, not only a leading one.
     */
    record MetaspaceDecoder(char replacement, boolean stripPrefix) implements Decoder {
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i);
                out.add(i == 0 && stripPrefix ? t.replace(String.valueOf(replacement), "") : t.replace(replacement, ' '));
            }
            return out;
        }
    }

    record Replace(String pattern, String content) implements Decoder {
        public List<String> decodeChain(List<String> tokens) {
            return tokens.stream().map(t -> t.replace(pattern, content)).toList();
        }
    }

    /**
     * Turns runs of {@code <0xXX>} tokens back into the characters their bytes spell; a run that is not
     * well-formed UTF-8 becomes one U+FFFD per byte, as in HF.
     */
    record ByteFallback() implements Decoder {
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>();
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            for (String t : tokens) {
                if (t.length() == 6 && t.startsWith("<0x") && t.endsWith(">")) {
                    try {
                        pending.write(Integer.parseInt(t.substring(3, 5), 16));
                        continue;
                    } catch (NumberFormatException notAByte) {
                        // an ordinary token that only looks like one
                    }
                }
                if (pending.size() > 0) {
                    out.add(bytesOrReplacement(pending.toByteArray()));
                    pending.reset();
                }
                out.add(t);
            }
            if (pending.size() > 0) out.add(bytesOrReplacement(pending.toByteArray()));
            return out;
        }

        private static String bytesOrReplacement(byte[] bytes) {
            return isWellFormedUtf8(bytes) ? utf8Lossy(bytes) : "\uFFFD".repeat(bytes.length);
        }
    }

    record Fuse() implements Decoder {
        public List<String> decodeChain(List<String> tokens) {
            return List.of(String.join("", tokens));
        }
    }

    /** Removes up to {@code start} leading and {@code stop} trailing copies of a character from each token. */
    record Strip(char content, int start, int stop) implements Decoder {
        public List<String> decodeChain(List<String> tokens) {
            return tokens.stream().map(this::strip).toList();
        }

        private String strip(String t) {
            int from = 0, to = t.length();
            while (from < start && from < to && t.charAt(from) == content) from++;
            while (t.length() - to < stop && to > from && t.charAt(to - 1) == content) to--;
            return t.substring(from, to);
        }
    }

    record Sequence(List<Decoder> steps) implements Decoder {
        public List<String> decodeChain(List<String> tokens) {
            for (Decoder step : steps) tokens = step.decodeChain(tokens);
            return tokens;
        }
    }

    /** True when the bytes are whole, well-formed UTF-8 characters. */
    static boolean isWellFormedUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /**
     * Decodes UTF-8, replacing each maximal subpart of an ill-formed sequence with one U+FFFD: Unicode's
     * recommended practice, which Rust's {@code String::from_utf8_lossy} (and so HF's byte-level
     * decoder) follows. Java's decoder differs on some sequences: it reads ED BC as one malformed
     * sequence where this gives two replacements, since ED may only be followed by 80..9F.
     */
    static String utf8MaximalSubparts(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                out.append((char) b);
                i++;
                continue;
            }
            int need, lo = 0x80, hi = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) need = 1;
            else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                if (b == 0xE0) lo = 0xA0;
                if (b == 0xED) hi = 0x9F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                if (b == 0xF0) lo = 0x90;
                if (b == 0xF4) hi = 0x8F;
            } else {
                out.append('\uFFFD');
                i++;
                continue;
            }
            int cp = b & (0x3F >> need), j = i + 1;
            for (int k = 0; k < need; k++, j++) {
                int c = j < bytes.length ? bytes[j] & 0xFF : -1;
                if (c < (k == 0 ? lo : 0x80) || c > (k == 0 ? hi : 0xBF)) break;
                cp = cp << 6 | (c & 0x3F);
            }
            if (j - i == need + 1) out.appendCodePoint(cp);
            else out.append('\uFFFD'); // the valid prefix read so far is one maximal subpart
            i = j;
        }
        return out.toString();
    }

    static String utf8Lossy(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

package dev.hanlm.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The last pipeline stage: token strings back to text. Invalid UTF-8 (a byte-level sequence cut in
 * the middle of a character) decodes to U+FFFD, one per malformed sequence.
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
            return List.of(utf8Lossy(bytes.toByteArray()));
        }
    }

    /** SentencePiece-style: {@code ▁} becomes a space, and the space put in front of the text is removed. */
    record MetaspaceDecoder(char replacement, boolean stripPrefix) implements Decoder {
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i).replace(replacement, ' ');
                if (i == 0 && stripPrefix && t.startsWith(" ")) t = t.substring(1);
                out.add(t);
            }
            return out;
        }
    }

    record Replace(String pattern, String content) implements Decoder {
        public List<String> decodeChain(List<String> tokens) {
            return tokens.stream().map(t -> t.replace(pattern, content)).toList();
        }
    }

    /** Turns runs of {@code <0xXX>} tokens back into the characters their bytes spell. */
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
                    out.add(utf8Lossy(pending.toByteArray()));
                    pending.reset();
                }
                out.add(t);
            }
            if (pending.size() > 0) out.add(utf8Lossy(pending.toByteArray()));
            return out;
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

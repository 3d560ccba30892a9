package dev.hanlm.tokenizer;

import java.util.SplittableRandom;

/**
 * Seeded random strings built from the kinds of text that break tokenizers: Hangul in all three
 * encodings (syllables, conjoining jamo that NFC composes, compatibility jamo), Hanja, Latin with
 * combining marks, digits, astral characters, every kind of white space, control characters,
 * contractions and lone surrogates.
 */
final class RandomText {
    private static final String[] SPACES = {" ", " ", " ", "  ", "   ", "\t", "\n", "\r\n", "\n\n", "\u00A0", "\u3000",
            "\u2028", "\u0085", " \t ", "\u000B", "\f"};
    private static final String[] CONTRACTIONS = {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'", "'S", "'LL", "’s", "''"};
    private static final String[] PUNCTUATION = {".", ",", "!", "?", "...", "…", "\"", "(", ")", "~", "ㅋㅋ", "^^", "-", "·", "「", "」"};

    private final SplittableRandom random;

    RandomText(long seed) {
        random = new SplittableRandom(seed);
    }

    /** A string of up to {@code maxParts} random parts. */
    String next(int maxParts) {
        StringBuilder out = new StringBuilder();
        int parts = 1 + random.nextInt(maxParts);
        for (int i = 0; i < parts; i++) appendPart(out);
        return out.toString();
    }

    private void appendPart(StringBuilder out) {
        switch (random.nextInt(16)) {
            case 0, 1, 2 -> repeat(out, 1 + random.nextInt(6), () -> out.append((char) range(0xAC00, 0xD7A3)));
            case 3 -> { // a decomposed syllable: lead, vowel and sometimes a tail, which NFC composes
                out.append((char) range(0x1100, 0x1112)).append((char) range(0x1161, 0x1175));
                if (random.nextBoolean()) out.append((char) range(0x11A8, 0x11C2));
            }
            case 4 -> repeat(out, 1 + random.nextInt(3), () -> out.append((char) range(0x1100, 0x11FF)));
            case 5 -> repeat(out, 1 + random.nextInt(4), () -> out.append((char) range(0x3131, 0x318E)));
            case 6 -> repeat(out, 1 + random.nextInt(3), () -> out.append((char) range(0x4E00, 0x9FFF)));
            case 7 -> {
                repeat(out, 1 + random.nextInt(8), () -> out.append((char) (random.nextBoolean() ? range('a', 'z') : range('A', 'Z'))));
                if (random.nextInt(4) == 0) out.append((char) range(0x0300, 0x036F)); // a combining mark
                if (random.nextInt(4) == 0) out.append(pick(CONTRACTIONS));
            }
            case 8 -> repeat(out, 1 + random.nextInt(5), () -> out.append((char) range('0', '9')));
            case 9 -> out.appendCodePoint(switch (random.nextInt(4)) {
                case 0 -> range(0x1F600, 0x1F64F); // emoji
                case 1 -> range(0x1D400, 0x1D7FF); // mathematical letters and digits
                case 2 -> range(0x20000, 0x2A6DF); // CJK extension B
                default -> range(0x10000, 0x10FFFD);
            });
            case 10, 11 -> out.append(pick(SPACES));
            case 12 -> out.append((char) (random.nextBoolean() ? range(0x00, 0x1F) : range(0x7F, 0x9F)));
            case 13 -> out.append(pick(CONTRACTIONS));
            case 14 -> out.append(pick(PUNCTUATION));
            default -> { // a lone surrogate: high, low, or a pair in the wrong order
                switch (random.nextInt(3)) {
                    case 0 -> out.append((char) range(0xD800, 0xDBFF));
                    case 1 -> out.append((char) range(0xDC00, 0xDFFF));
                    default -> out.append((char) range(0xDC00, 0xDFFF)).append((char) range(0xD800, 0xDBFF));
                }
            }
        }
    }

    private int range(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static void repeat(StringBuilder out, int times, Runnable part) {
        for (int i = 0; i < times; i++) part.run();
    }

    /** The string with everything outside printable ASCII written as \\uXXXX, for failure messages. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7F && c != '\\') out.append(c);
            else out.append(String.format("\\u%04X", (int) c));
        }
        return out.append('"').toString();
    }
}

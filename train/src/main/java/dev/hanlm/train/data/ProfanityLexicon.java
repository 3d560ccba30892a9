package dev.hanlm.train.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Korean profanity by the badwords-ko lexicon (MIT; {@code filters/badwords-ko/README.md}). Entries of Hangul
 * syllables only are found in the {@link HangulSkeleton}, so {@code 씨 발} and {@code 시1발} count; the others (with
 * jamo, Latin, digits, spaces or marks, which are themselves spellings of an evasion) are found as they are, Latin
 * case-insensitively. Entries too common in innocent words are left out ({@code profanity-excluded.txt}), and a match
 * inside a listed innocent word ({@code profanity-allowed.txt}: {@code 시발점}) is not reported. Used by the corpus
 * pipeline ({@link ProfanityFilter}) and the Studio's profanity filter.
 */
public final class ProfanityLexicon {
    public static final String KIND = "비속어";
    private static volatile ProfanityLexicon shipped;

    private final List<String> syllableWords = new ArrayList<>();
    private final List<String> literalWords = new ArrayList<>();
    private final List<String> allowed;

    public ProfanityLexicon(Set<String> lexicon, List<String> allowed) {
        for (String word : lexicon) {
            (word.length() > 1 && word.chars().allMatch(Hangul::isSyllable) ? syllableWords : literalWords).add(word);
        }
        this.allowed = List.copyOf(allowed);
    }

    /** The shipped lexicon, read once per JVM (each Spark executor reads its own). */
    public static ProfanityLexicon shipped() {
        ProfanityLexicon lexicon = shipped;
        if (lexicon == null) {
            synchronized (ProfanityLexicon.class) {
                if (shipped == null) shipped = load();
                lexicon = shipped;
            }
        }
        return lexicon;
    }

    private static ProfanityLexicon load() {
        Set<String> lexicon = new LinkedHashSet<>();
        for (JsonNode word : readJson("filters/badwords-ko/badwords.ko.config.json").path("badWords")) {
            lexicon.add(normalize(word.asText()));
        }
        lexicon.removeAll(readLines("filters/profanity-excluded.txt"));
        lexicon.remove("");
        return new ProfanityLexicon(lexicon, readLines("filters/profanity-allowed.txt"));
    }

    /** Every profanity in an NFC-normalized text, in the order found; spans may overlap. */
    public List<TextSpan> find(String text) {
        String lower = HangulSkeleton.lowerCase(text);
        HangulSkeleton skeleton = HangulSkeleton.of(text);
        List<TextSpan> found = new ArrayList<>();
        for (String word : syllableWords) {
            for (int at = skeleton.text.indexOf(word); at >= 0; at = skeleton.text.indexOf(word, at + 1)) {
                found.add(skeleton.span(at, at + word.length(), KIND));
            }
        }
        for (String word : literalWords) {
            for (int at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
                found.add(new TextSpan(at, at + word.length(), KIND));
            }
        }
        found.removeIf(span -> insideAllowed(lower, span));
        return found;
    }

    private boolean insideAllowed(String text, TextSpan span) {
        for (String word : allowed) {
            int from = Math.max(0, span.end() - word.length());
            for (int at = text.indexOf(word, from); at >= 0 && at <= span.start(); at = text.indexOf(word, at + 1)) {
                if (at + word.length() >= span.end()) return true;
            }
        }
        return false;
    }

    private static String normalize(String word) {
        return HangulSkeleton.lowerCase(Normalizer.normalize(word, Normalizer.Form.NFC));
    }

    private static JsonNode readJson(String resource) {
        try (InputStream in = open(resource)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A list's lines, without blank lines and {@code #} comments. */
    private static List<String> readLines(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(ProfanityLexicon::normalize).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = ProfanityLexicon.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) throw new IOException("the resource " + resource + " is missing from the train jar");
        return in;
    }
}

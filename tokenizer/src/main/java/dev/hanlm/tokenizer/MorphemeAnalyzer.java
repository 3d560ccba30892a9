package dev.hanlm.tokenizer;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.dict.UserDictionary;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.util.AttributeFactory;

/**
 * Finds morpheme boundaries with Lucene Nori (decompound mode NONE, punctuation kept): the surface
 * offsets where one morpheme ends and the next begins. Thread-safe; each thread reuses its own Nori.
 */
public final class MorphemeAnalyzer {
    private final UserDictionary userDictionary;
    private final ThreadLocal<KoreanTokenizer> tokenizers;

    private MorphemeAnalyzer(UserDictionary userDictionary) {
        this.userDictionary = userDictionary;
        this.tokenizers = ThreadLocal.withInitial(() -> new KoreanTokenizer(
                AttributeFactory.DEFAULT_ATTRIBUTE_FACTORY, userDictionary,
                KoreanTokenizer.DecompoundMode.NONE, false, false));
    }

    public static MorphemeAnalyzer withoutDictionary() {
        return new MorphemeAnalyzer(null);
    }

    /** Nori's user dictionary format: one entry a line, a word optionally followed by its parts. */
    public static MorphemeAnalyzer withDictionary(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            UserDictionary dictionary = UserDictionary.open(reader);
            if (dictionary == null) throw new TokenizerException("user dictionary " + file + " has no entries");
            return new MorphemeAnalyzer(dictionary);
        } catch (IOException | RuntimeException e) {
            if (e instanceof TokenizerException t) throw t;
            throw new TokenizerException("cannot read the Nori user dictionary " + file + ": " + e.getMessage(), e);
        }
    }

    public boolean hasUserDictionary() {
        return userDictionary != null;
    }

    /** Bit i is set when a morpheme starts or ends at char offset i of {@code text}. */
    public BitSet boundaries(String text) {
        BitSet cuts = new BitSet(text.length() + 1);
        KoreanTokenizer nori = tokenizers.get();
        OffsetAttribute offsets = nori.getAttribute(OffsetAttribute.class);
        try {
            nori.setReader(new StringReader(text));
            nori.reset();
            while (nori.incrementToken()) {
                cuts.set(offsets.startOffset());
                cuts.set(offsets.endOffset());
            }
            nori.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                nori.close();
            } catch (IOException ignored) {
                // closing a reader over a String cannot fail
            }
        }
        return cuts;
    }
}

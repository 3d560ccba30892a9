package dev.hanlm.studio.persona;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.POS;
import org.apache.lucene.analysis.ko.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.util.AttributeFactory;

/**
 * Tells 존댓말 from 반말 by the sentence-final endings Nori finds. Each sentence (ended by . ? ! or the text's end) is
 * judged by its last morpheme: an ending (EF, or EC, which Nori gives for casual endings like 고마워) or the particle
 * 요 (JX). Polite when that ending is -요 (해요, 예요, 세요), -니다 / -니까 (합니다, 습니까) or -시오; plain when it is
 * another ending (-어, -야, -지, -니, -자). A sentence ending in a noun or an interjection says nothing. The text's
 * style is the one most of its judged sentences have; none on a tie or when none is judged.
 */
public final class SpeechStyleDetector {
    private static final Set<POS.Tag> IGNORED = Set.of(POS.Tag.SF, POS.Tag.SP, POS.Tag.SC, POS.Tag.SE, POS.Tag.SSO,
            POS.Tag.SSC, POS.Tag.SY);
    private final ThreadLocal<KoreanTokenizer> tokenizers = ThreadLocal.withInitial(() -> new KoreanTokenizer(
            AttributeFactory.DEFAULT_ATTRIBUTE_FACTORY, null, KoreanTokenizer.DecompoundMode.NONE, false, false));

    /** The text's speech level, if its sentence endings show one. */
    public Optional<SpeechStyle> detect(String text) {
        List<SpeechStyle> judged = new ArrayList<>(); // one judgement per sentence that shows a style
        KoreanTokenizer nori = tokenizers.get();
        CharTermAttribute term = nori.getAttribute(CharTermAttribute.class);
        PartOfSpeechAttribute pos = nori.getAttribute(PartOfSpeechAttribute.class);
        try {
            nori.setReader(new StringReader(text));
            nori.reset();
            Optional<SpeechStyle> last = Optional.empty();
            while (nori.incrementToken()) {
                if (pos.getRightPOS() == POS.Tag.SF) { // a sentence ends: keep its judgement
                    last.ifPresent(judged::add);
                    last = Optional.empty();
                } else if (!IGNORED.contains(pos.getRightPOS())) {
                    last = judge(lastMorpheme(term.toString(), pos), pos.getRightPOS());
                }
            }
            nori.end();
            last.ifPresent(judged::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                nori.close();
            } catch (IOException ignored) {
                // closing a reader over a String cannot fail
            }
        }
        long polite = judged.stream().filter(style -> style == SpeechStyle.POLITE).count(), plain = judged.size() - polite;
        if (polite == plain) return Optional.empty();
        return Optional.of(polite > plain ? SpeechStyle.POLITE : SpeechStyle.PLAIN);
    }

    /** The surface of a token's last morpheme (an inflected word's ending, as in 예요 = 이/VCP + ㅔ요/EF). */
    private static String lastMorpheme(String term, PartOfSpeechAttribute pos) {
        var morphemes = pos.getMorphemes();
        return morphemes == null || morphemes.length == 0 ? term : morphemes[morphemes.length - 1].surfaceForm();
    }

    static Optional<SpeechStyle> judge(String surface, POS.Tag tag) {
        boolean ending = tag == POS.Tag.EF || tag == POS.Tag.EC;
        if (tag == POS.Tag.JX && surface.equals("요")) return Optional.of(SpeechStyle.POLITE);
        if (!ending) return Optional.empty();
        if (surface.endsWith("요") || surface.endsWith("니다") || surface.endsWith("니까") || surface.endsWith("시오")) {
            return Optional.of(SpeechStyle.POLITE);
        }
        return Optional.of(SpeechStyle.PLAIN);
    }
}

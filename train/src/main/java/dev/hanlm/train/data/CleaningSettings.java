package dev.hanlm.train.data;

import dev.hanlm.train.TrainingException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of the cleaning stages. A share of 1 or a minimum of 0 turns its filter off.
 *
 * @param minChars          drop documents with fewer non-space characters (default 20: shorter texts are titles,
 *                          menus and comment fragments that give a language model no context)
 * @param minHangulRatio    drop documents where Hangul is less than this share of the letters (default 0.5:
 *                          "mostly non-Korean"; Korean text with English terms and Hanja stays)
 * @param maxRepeatedShare  drop documents where more than this share lies in repeated runs (default 0.3)
 * @param maxJamoShare      drop documents where lone jamo are more than this share of the Hangul (default 0.5:
 *                          more ㅋ/ㅎ/ㅠ than syllables)
 * @param dedup             drop exact duplicates of an earlier document (after normalization and PII replacement)
 * @param maxProfanityShare drop documents where profanity is more than this share of the characters (default 0.05)
 * @param minQuality        drop documents the quality classifier scores below this (default 0: off; see docs/DATA.md)
 * @param anonymizePii      replace personal data by placeholder tokens (default on)
 * @param nearDedup         drop near-duplicates of an earlier document by MinHash LSH (default on)
 */
public record CleaningSettings(int minChars, double minHangulRatio, double maxRepeatedShare, double maxJamoShare, boolean dedup,
                               double maxProfanityShare, double minQuality, boolean anonymizePii, boolean nearDedup)
        implements Serializable {
    public static final CleaningSettings DEFAULTS = new CleaningSettings(20, 0.5, 0.3, 0.5, true, 0.05, 0, true, true);

    public CleaningSettings {
        if (minChars < 0) throw new TrainingException("the minimum length (--min-chars) must be 0 or more, not " + minChars);
        requireShare("the minimum Hangul ratio (--min-hangul-ratio)", minHangulRatio);
        requireShare("the maximum repeated share (--max-repeated-share)", maxRepeatedShare);
        requireShare("the maximum jamo share (--max-jamo-share)", maxJamoShare);
        requireShare("the maximum profanity share (--max-profanity-share)", maxProfanityShare);
        requireShare("the minimum quality score (--min-quality)", minQuality);
    }

    /** The five rules of the first pipeline only: no profanity, quality, PII or near-duplicate stage. */
    public CleaningSettings(int minChars, double minHangulRatio, double maxRepeatedShare, double maxJamoShare, boolean dedup) {
        this(minChars, minHangulRatio, maxRepeatedShare, maxJamoShare, dedup, 1, 0, false, false);
    }

    private static void requireShare(String what, double value) {
        if (!(value >= 0 && value <= 1)) throw new TrainingException(what + " must be in [0, 1], not " + value);
    }

    /** The filters in the order they run; each document is counted under the first that drops it. */
    public List<DocumentFilter> filters() {
        List<DocumentFilter> filters = new ArrayList<>(List.of(new MinLengthFilter(minChars), new HangulRatioFilter(minHangulRatio),
                new RepetitionFilter(maxRepeatedShare), new JamoSpamFilter(maxJamoShare)));
        if (maxProfanityShare < 1) filters.add(new ProfanityFilter(maxProfanityShare));
        if (minQuality > 0) filters.add(new QualityFilter(minQuality));
        return filters;
    }

    /** The names documents are dropped under, in order: the filters', then the duplicate stages'. */
    public List<String> dropReasons() {
        List<String> reasons = new ArrayList<>(filters().stream().map(DocumentFilter::reason).toList());
        if (dedup) reasons.add(CorpusPreparer.DUPLICATE);
        if (nearDedup) reasons.add(CorpusPreparer.NEAR_DUPLICATE);
        return reasons;
    }

    public DocumentCleaner cleaner() {
        return new DocumentCleaner(new DocumentNormalizer(), filters(), anonymizePii ? new PiiAnonymizer() : null);
    }
}

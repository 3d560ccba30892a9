package dev.hanlm.studio.filter;

import dev.hanlm.train.classify.TextClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Korean toxicity (hate, offence, cursing) by the shipped classifier ({@code filters/toxicity/README.md}): its score is
 * the probability that the text is toxic, and a text is caught from the threshold chosen on the classifier's dev set
 * (or a request's {@code toxicity_threshold}). A classifier judges a whole text, so its span is the whole text.
 */
public final class ToxicityFilter implements Filter {
    public static final String NAME = "toxicity";
    static final String KIND = "유해 표현";
    private static final String DIR = "filters/toxicity/";

    private final TextClassifier classifier;

    ToxicityFilter(TextClassifier classifier) {
        this.classifier = classifier;
    }

    /** The shipped classifier. */
    public static ToxicityFilter load() {
        return new ToxicityFilter(TextClassifier.read(bytes(TextClassifier.INFO_FILE), bytes(TextClassifier.WEIGHTS_FILE), DIR));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double threshold() {
        return classifier.threshold();
    }

    @Override
    public FilterResult check(String text) {
        int start = 0, end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) start++;
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
        if (start == end) return FilterResult.of(List.of());
        return new FilterResult(classifier.probability(text), List.of(new Span(start, end, KIND)));
    }

    private static byte[] bytes(String file) {
        try (InputStream in = ToxicityFilter.class.getClassLoader().getResourceAsStream(DIR + file)) {
            if (in == null) throw new IOException("the resource " + DIR + file + " is missing from the studio jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

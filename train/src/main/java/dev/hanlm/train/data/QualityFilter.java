package dev.hanlm.train.data;

/** Drops a document that the {@link QualityModel} scores below a threshold; 0 turns it off. */
public record QualityFilter(double minScore) implements DocumentFilter {
    @Override
    public String reason() {
        return "low_quality";
    }

    @Override
    public boolean keep(String text) {
        return minScore <= 0 || QualityModel.shipped().score(text) >= minScore;
    }
}

package dev.hanlm.train.data;

import java.io.Serializable;

/** Characters {@code [start, end)} of a text, as Java counts them, and what they are (a kind of personal data, a profanity). */
public record TextSpan(int start, int end, String kind) implements Serializable {
    public TextSpan {
        if (start < 0 || end <= start) throw new IllegalArgumentException("empty or negative span " + start + ".." + end);
    }

    public boolean overlaps(TextSpan other) {
        return start < other.end && other.start < end;
    }
}

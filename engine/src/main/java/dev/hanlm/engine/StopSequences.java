package dev.hanlm.engine;

import java.util.List;

/**
 * Finds stop sequences in streamed text. Text is released only when no stop sequence can still begin in it: the
 * longest tail of the text seen so far that is a proper prefix of some stop sequence is held back, so streamed text
 * never contains any part of the stop sequence that ends a generation. A stop sequence that first appears ends the
 * text just before it (the earliest one when several appear).
 */
final class StopSequences {
    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    StopSequences(List<String> stops) {
        this.stops = stops;
    }

    /**
     * Adds text and returns what can be released: the text that no stop sequence can still begin in, or, once a stop
     * sequence appears, the text before it.
     */
    String push(String text) {
        if (stopped) return "";
        held.append(text);
        int stopAt = -1;
        for (String stop : stops) {
            int i = held.indexOf(stop);
            if (i >= 0 && (stopAt < 0 || i < stopAt)) stopAt = i;
        }
        if (stopAt >= 0) {
            stopped = true;
            String out = held.substring(0, stopAt);
            held.setLength(0);
            return out;
        }
        int keep = heldTail();
        String out = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return out;
    }

    /** The text held back when the generation ends for another reason. */
    String flush() {
        String out = held.toString();
        held.setLength(0);
        return out;
    }

    boolean stopped() {
        return stopped;
    }

    /** Length of the longest tail of {@code held} that is a proper prefix of a stop sequence. */
    private int heldTail() {
        String text = held.toString();
        int longest = 0;
        for (String stop : stops) {
            for (int n = Math.min(stop.length() - 1, text.length()); n > longest; n--) {
                if (text.regionMatches(text.length() - n, stop, 0, n)) {
                    longest = n;
                    break;
                }
            }
        }
        return longest;
    }
}

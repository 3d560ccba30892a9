package dev.hanlm.engine;

import dev.hanlm.tokenizer.Tokenizer;
import java.util.List;

/**
 * The text side of one generation: tokens are decoded UTF-8-safely ({@link StreamingDecoder}), then passed through
 * the stop sequences ({@link StopSequences}); what comes out is final and is what a listener receives. Without a
 * tokenizer there is no text.
 */
final class GeneratedText {
    private final StreamingDecoder decoder;
    private final StopSequences stops;
    private final StringBuilder text = new StringBuilder();

    GeneratedText(Tokenizer tokenizer, int[] prompt, List<String> stops) {
        this.decoder = tokenizer == null ? null : new StreamingDecoder(tokenizer, prompt);
        this.stops = new StopSequences(stops);
    }

    /** Adds a generated token and returns the text it makes final. */
    String add(int id) {
        return decoder == null ? "" : release(stops.push(decoder.push(id)));
    }

    /** Ends the text (no token follows) and returns what was held back, cut at a stop sequence it completes. */
    String end() {
        if (decoder == null || stops.stopped()) return "";
        String rest = stops.push(decoder.flush());
        return release(stops.stopped() ? rest : rest + stops.flush());
    }

    /** Whether a stop sequence has appeared. */
    boolean stopped() {
        return stops.stopped();
    }

    /** All text released, or null without a tokenizer. */
    String text() {
        return decoder == null ? null : text.toString();
    }

    private String release(String s) {
        text.append(s);
        return s;
    }
}

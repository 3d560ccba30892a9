package dev.hanlm.engine;

import dev.hanlm.tokenizer.Tokenizer;
import java.util.Arrays;

/**
 * Turns generated ids into text as the text becomes final. A byte-level token may end inside a UTF-8 character, and
 * decoding it alone would give U+FFFD; so the text after the last released point is decoded again with each new
 * token, and released only when it grows and does not end in U+FFFD (the method of Hugging Face's text-generation
 * server). Decoding starts a few tokens back in the prompt so that decoders which treat the first token specially
 * (a Metaspace decoder drops its leading space) see the output as a continuation.
 */
final class StreamingDecoder {
    /** Prompt tokens decoded with the output for context. */
    private static final int PROMPT_CONTEXT = 4;
    private static final String REPLACEMENT = "\uFFFD";

    private final Tokenizer tokenizer;
    private int[] ids;
    private int size;
    /** ids[prefix, read) decode to text already released; ids[read, size) to text not yet released. */
    private int prefix, read;

    StreamingDecoder(Tokenizer tokenizer, int[] prompt) {
        this.tokenizer = tokenizer;
        int context = 0; // the last real tokens: a virtual token (p-tuning) has no text
        while (context < Math.min(PROMPT_CONTEXT, prompt.length) && prompt[prompt.length - 1 - context] < tokenizer.vocabSize()) context++;
        this.ids = Arrays.copyOfRange(prompt, prompt.length - context, prompt.length + 16);
        this.size = context;
        // a prompt that ends inside a character cannot be a clean starting point: start after it
        boolean clean = !decode(0, context).endsWith(REPLACEMENT);
        this.prefix = clean ? 0 : context;
        this.read = context;
    }

    /** Adds a generated token and returns the text it makes final (possibly empty). */
    String push(int id) {
        if (size == ids.length) ids = Arrays.copyOf(ids, size * 2);
        ids[size++] = id;
        String released = decode(prefix, read);
        String all = decode(prefix, size);
        if (all.length() <= released.length() || all.endsWith(REPLACEMENT)) return "";
        prefix = read;
        read = size;
        return all.substring(released.length());
    }

    /** The text still held when generation ends; bytes that never completed a character become U+FFFD. */
    String flush() {
        String released = decode(prefix, read);
        String all = decode(prefix, size);
        prefix = read = size;
        return all.length() > released.length() ? all.substring(released.length()) : "";
    }

    private String decode(int from, int to) {
        return tokenizer.decode(Arrays.copyOfRange(ids, from, to));
    }
}

package dev.hanlm.spark;

import dev.hanlm.train.data.DocumentHash;
import java.io.Serializable;
import java.util.Map;

/**
 * One input document after the per-document stages, as it travels between executors.
 *
 * @param order       its place in the input: the file's index in the high bits, the document's index in the file below,
 *                    so that "earlier" means what it means to the single-process driver
 * @param bytes       its raw UTF-8 size
 * @param dropReason  the filter that dropped it, or null
 * @param text        the cleaned text (null when dropped)
 * @param hash        the cleaned text's hash (null when dropped)
 * @param piiReplaced personal data replaced in it, by kind
 */
record CorpusDocument(long order, long bytes, String dropReason, String text, DocumentHash hash, Map<String, Long> piiReplaced)
        implements Serializable {
    static final int FILE_SHIFT = 40;

    static long order(int file, long index) {
        return (long) file << FILE_SHIFT | index;
    }

    int file() {
        return fileOf(order);
    }

    static int fileOf(long order) {
        return (int) (order >>> FILE_SHIFT);
    }
}

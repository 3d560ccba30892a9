package dev.hanlm.train.data;

import java.io.Serializable;

/**
 * Near-duplicate detection in one process: a document is a near-duplicate when it shares a {@link MinHashSignature}
 * band with any earlier document that reached this stage. Every document's bands are remembered, near-duplicate or
 * not, which is the rule the Spark driver computes by grouping the whole corpus by band key. About 16 x 32 bytes a
 * document.
 */
public final class NearDuplicates implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Deduplicator bands = new Deduplicator();

    /** Remembers the document's bands; true when one of them was seen before. */
    public boolean seenBefore(String text) {
        boolean seen = false;
        for (DocumentHash key : MinHashSignature.bandKeys(MinHashSignature.of(text))) seen |= !bands.firstSeen(key);
        return seen;
    }
}

package dev.hanlm.train.data;

import java.io.Serializable;

/**
 * One cleaning rule: keeps a document or drops it for a named reason, which the manifest counts. A filter
 * looks at one document at a time and holds only its settings, so the same objects run in this process and
 * inside Spark executors.
 */
public interface DocumentFilter extends Serializable {
    /** The name a dropped document is counted under, e.g. {@code too_short}. */
    String reason();

    boolean keep(String text);
}

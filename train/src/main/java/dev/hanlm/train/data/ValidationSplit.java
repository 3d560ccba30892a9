package dev.hanlm.train.data;

import dev.hanlm.train.TrainingException;
import java.io.Serializable;

/**
 * Chooses the validation documents by their hash, not by chance or position: the same document always
 * lands on the same side, whatever the input order, the thread count or the run.
 */
public record ValidationSplit(double fraction) implements Serializable {
    public static final String RULE = "a document goes to validation when the low 53 bits of the first 128 bits of SHA-256 "
            + "of its cleaned UTF-8 text, read as a fraction in [0, 1), are below val_fraction";

    public ValidationSplit {
        if (!(fraction >= 0 && fraction < 1)) throw new TrainingException("--val-fraction must be in [0, 1), not " + fraction);
    }

    public boolean isValidation(DocumentHash hash) {
        return hash.unitInterval() < fraction;
    }
}

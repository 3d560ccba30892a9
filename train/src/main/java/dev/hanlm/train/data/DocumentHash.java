package dev.hanlm.train.data;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A document's identity: the first 128 bits of SHA-256 over its UTF-8 text. At 128 bits a collision among
 * billions of documents is out of reach, so equal hashes mean equal texts.
 */
public record DocumentHash(long high, long low) implements Serializable {
    public static DocumentHash of(String text) {
        try {
            ByteBuffer digest = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
            return new DocumentHash(digest.getLong(), digest.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** 53 of the bits as a number in [0, 1), uniform over documents: what the validation split compares. */
    public double unitInterval() {
        return (low >>> 11) * 0x1.0p-53;
    }
}

package dev.hanlm.tokenizer;

/**
 * A token matched on the raw text before the pipeline runs (HF's added tokens): special tokens such
 * as {@code <|endoftext|>} and user-defined ones. lstrip/rstrip absorb the white space beside a match;
 * single_word matches only between word boundaries.
 */
public record AddedToken(int id, String content, boolean special, boolean singleWord, boolean lstrip,
                         boolean rstrip, boolean normalized) {
    public AddedToken {
        if (content == null || content.isEmpty()) throw new TokenizerException("added token " + id + " has empty content");
    }

    public static AddedToken special(int id, String content) {
        return new AddedToken(id, content, true, false, false, false, false);
    }
}

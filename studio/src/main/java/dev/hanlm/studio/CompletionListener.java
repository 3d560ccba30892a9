package dev.hanlm.studio;

import java.util.List;

/** Receives a completion as it is generated, for streaming. Calls for one choice come in order. */
public interface CompletionListener {
    CompletionListener NONE = new CompletionListener() {
        @Override
        public void onDelta(int choice, String text, List<TokenLogprobs> logprobs) {}

        @Override
        public void onChoiceEnd(Completion.Choice choice) {}
    };

    /**
     * Text of choice {@code choice} that became final, possibly empty, and the log-probabilities of the tokens that
     * produced it (empty when not asked for). The texts of one choice concatenated are its whole text.
     */
    void onDelta(int choice, String text, List<TokenLogprobs> logprobs);

    /** A choice ended; no more deltas come for it. */
    void onChoiceEnd(Completion.Choice choice);
}

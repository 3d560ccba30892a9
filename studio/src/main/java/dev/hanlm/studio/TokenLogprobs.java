package dev.hanlm.studio;

import java.util.List;

/**
 * What the API reports for one generated token when log-probabilities are asked for.
 *
 * @param chosen     the generated token
 * @param top        the most likely tokens at its position, most likely first (as many as asked)
 * @param textOffset where the token's text starts in its choice's text: the length, in code points, of the text
 *                   released before it
 */
public record TokenLogprobs(Logprob chosen, List<Logprob> top, int textOffset) {
    public TokenLogprobs {
        top = List.copyOf(top);
    }
}

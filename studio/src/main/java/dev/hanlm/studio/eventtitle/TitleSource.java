package dev.hanlm.studio.eventtitle;

import dev.hanlm.studio.prompt.StudioParameters;
import java.util.List;

/** Where a {@link TitleGenerator}'s raw titles come from: a few-shot prompt on any backend, or a p-tuned prompt on a local model. */
public interface TitleSource {
    /** A generated text and its mean log-probability per token, or NaN when the backend gave none. */
    record Draft(String text, double meanLogprob) {}

    /** {@code n} sampled continuations for {@code fields}, each ending at the first newline. */
    List<Draft> draw(EventFields fields, int n, StudioParameters parameters);
}

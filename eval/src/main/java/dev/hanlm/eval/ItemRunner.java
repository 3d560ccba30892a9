package dev.hanlm.eval;

import java.util.List;

/** Answers one item after its demonstrations: by ranking verbalizers, or by generating. */
interface ItemRunner {
    EvalResult.Item run(Example item, List<Example> shots);
}

package dev.hanlm.eval;

import java.util.List;
import java.util.Map;

/**
 * Scores the predictions of one run against the items' gold answers: one or more named numbers in percent, the first
 * the headline (as the paper's table shows it).
 */
@FunctionalInterface
public interface Metric {
    Map<String, Double> score(List<String> predictions, List<Example> items);
}

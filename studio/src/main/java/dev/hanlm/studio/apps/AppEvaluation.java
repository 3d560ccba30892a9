package dev.hanlm.studio.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.eval.ClassificationMetrics;
import dev.hanlm.eval.KorquadScore;
import dev.hanlm.studio.server.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An App version run on every row of a test set, scored with eval's metrics, in percent: {@code accuracy} (the output
 * is the expected text, white space at the ends aside), {@code macro_f1} over the labels seen, and KorQuAD's
 * normalized {@code exact_match} and character {@code f1}, which suit free text. The result is stored with the version.
 */
final class AppEvaluation {
    private AppEvaluation() {}

    /** Runs {@code version} on {@code tests}, reporting each row to {@code job}; returns the stored evaluation's summary. */
    static JsonNode run(Job job, AppRunner runner, AppStore store, AppVersion version, TestSet tests) {
        List<String> outputs = new ArrayList<>(), expected = new ArrayList<>();
        ArrayNode results = Json.MAPPER.createArrayNode();
        int n = tests.rows().size();
        for (TestSet.Row row : tests.rows()) {
            if (Thread.currentThread().isInterrupted()) throw new IllegalStateException("the server stopped during the evaluation");
            job.progress(outputs.size(), n, "row " + (outputs.size() + 1) + " of " + n, null);
            String output = runner.run(version.spec(), row.input()).choice().text();
            outputs.add(output);
            expected.add(row.expected().strip());
            results.addObject().put("input", row.input()).put("expected", row.expected()).put("output", output)
                    .put("exact_match", KorquadScore.exactMatch(output, row.expected()));
        }
        ObjectNode metrics = metrics(outputs, expected);
        String id = "eval-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        store.saveEvaluation(id, version.app(), version.version(), tests.name(), metrics, results);
        ObjectNode summary = Json.object().put("evaluation", id).put("app", version.app()).put("version", version.version()).put("rows", n);
        summary.set("metrics", metrics);
        return summary;
    }

    static ObjectNode metrics(List<String> outputs, List<String> expected) {
        double em = 0, f1 = 0;
        for (int i = 0; i < outputs.size(); i++) {
            em += KorquadScore.exactMatch(outputs.get(i), expected.get(i)) ? 1 : 0;
            f1 += KorquadScore.f1(outputs.get(i), expected.get(i));
        }
        int n = Math.max(1, outputs.size());
        return Json.object().put("accuracy", ClassificationMetrics.accuracy(outputs, expected))
                .put("macro_f1", ClassificationMetrics.macroF1(outputs, expected))
                .put("exact_match", 100 * em / n).put("f1", 100 * f1 / n);
    }
}

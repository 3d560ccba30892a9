package dev.hanlm.studio.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.grad.FrozenModel;
import dev.hanlm.studio.server.Json;
import dev.hanlm.train.ptune.ModelIdentity;
import dev.hanlm.train.ptune.PromptEncoder;
import dev.hanlm.train.ptune.PromptTemplate;
import dev.hanlm.train.ptune.PromptTuner;
import dev.hanlm.train.ptune.TunedPrompt;
import dev.hanlm.studio.prompt.PromptSpec;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * No-code p-tuning: labelled rows in, a {@link TunedPrompt} out, with small defaults that finish in minutes on a CPU.
 * The template is the Studio prompt's own turn with the virtual tokens around the input,
 * {@code [P0..] 입력: {input} [P..]\n출력: {label}}. Rows whose outputs repeat a few distinct values make a classifier
 * (each value its own verbalizer); otherwise the prompt learns to generate the outputs. The last fifth of the rows
 * (all of them when fewer than 5) is the dev set that picks the best prompt.
 *
 * @param steps        updates
 * @param promptTokens virtual tokens
 * @param batchSize    rows per update
 * @param lr           the peak learning rate
 * @param seed         fixes the encoder's start and the batches
 */
record TuningJob(String name, TestSet rows, int steps, int promptTokens, int batchSize, double lr, long seed) {
    static final int STEPS = 30, PROMPT_TOKENS = 4, BATCH_SIZE = 8;
    static final double LR = 1e-2;
    /** At most this many distinct outputs make a classifier. */
    static final int MAX_LABELS = 32;

    /** Tunes on {@code model}, reporting to {@code job}; the prompt goes to {@code prompts} under a new id, returned with its score. */
    JsonNode run(Job job, LanguageModel model, TunedPrompts prompts) {
        Map<String, String> verbalizers = verbalizers();
        List<PromptTuner.Example> examples = rows.rows().stream()
                .map(r -> new PromptTuner.Example(Map.of("input", r.input()), r.expected().strip())).toList();
        int devSize = examples.size() < 5 ? examples.size() : Math.max(1, examples.size() / 5);
        List<PromptTuner.Example> train = examples.size() < 5 ? examples : examples.subList(0, examples.size() - devSize);
        List<PromptTuner.Example> dev = examples.subList(examples.size() - devSize, examples.size());
        PromptTemplate template = PromptTemplate.around(PromptSpec.INPUT_LABEL + ": {input}\n" + PromptSpec.OUTPUT_LABEL + ":", promptTokens);
        PromptEncoder.Kind kind = PromptEncoder.Kind.LSTM;
        PromptEncoder encoder = PromptEncoder.create(kind, promptTokens, model.config().hiddenSize(), kind.defaultHidden(model.config().hiddenSize()), seed);
        PromptTuner.Settings settings = new PromptTuner.Settings(steps, batchSize, lr, lr / 10, Math.min(10, steps / 10), 0, 1.0,
                Math.max(1, steps / 5), seed, PromptTuner.Loss.LABELS);
        ModelIdentity identity = ModelIdentity.of(model.directory(), model.config());
        String id = "tp-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ObjectNode facts = Json.object().put("name", name).put("rows", examples.size()).put("dev_rows", dev.size()).put("steps", steps)
                .put("prompt_tokens", promptTokens).put("batch_size", batchSize).put("lr", lr).put("seed", seed).put("encoder", "lstm");
        job.progress(0, steps, "scoring the untuned prompt on " + dev.size() + " dev rows", null);
        PromptTuner tuner = new PromptTuner(FrozenModel.load(model.directory()), model, template, verbalizers);
        PromptTuner.Result result = tuner.run(encoder, train, dev, settings, new PromptTuner.Listener() {
            @Override
            public void step(int step, int total, double loss, double rate, int tokens) {
                if (Thread.currentThread().isInterrupted()) throw new IllegalStateException("the server stopped during the tuning");
                job.progress(step, total, "step " + step + " of " + total, Json.object().put("step", step).put("loss", loss).put("lr", rate));
            }

            @Override
            public void evaluated(int step, PromptTuner.Score score, boolean best) {
                job.progress(step, steps, "dev " + score.metric() + " " + String.format("%.3f", score.value()) + " at step " + step,
                        Json.object().put("step", step).put("metric", score.metric()).put("score", score.value()).put("best", best));
            }

            @Override
            public void best(float[] embeddings, PromptTuner.Score score) {
                ObjectNode training = facts.deepCopy().put("dev_metric", score.metric()).put("dev_score", score.value());
                new TunedPrompt(name, template, verbalizers, embeddings, identity, training).write(prompts.staging(id));
            }
        }, null, facts);
        prompts.publish(id);
        return Json.object().put("tuned_prompt", id).put("name", name).put("metric", result.bestScore().metric())
                .put("score", result.bestScore().value()).put("best_step", result.bestStep()).put("classifier", !verbalizers.isEmpty());
    }

    /** Each distinct output its own verbalizer when they are few and repeat; none (a generation objective) otherwise. */
    private Map<String, String> verbalizers() {
        Set<String> labels = new LinkedHashSet<>();
        for (TestSet.Row r : rows.rows()) labels.add(r.expected().strip());
        Map<String, String> verbalizers = new LinkedHashMap<>();
        if (labels.size() <= MAX_LABELS && labels.size() * 2 <= rows.rows().size()) for (String l : labels) verbalizers.put(l, l);
        return verbalizers;
    }
}

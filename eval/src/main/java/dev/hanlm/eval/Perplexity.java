package dev.hanlm.eval;

import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.Scorer;
import dev.hanlm.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Perplexity of held-out documents. Every token of a document is predicted: a document starts after the model's
 * BOS token (or its end-of-text token when it has no BOS), and one longer than the context is scored in consecutive
 * windows, each again after that token. Reported: token perplexity {@code exp(nats / tokens)}, which depends on the
 * tokenizer, and bits per character {@code nats / ln 2 / characters} (Unicode code points of the documents), which
 * does not, so models with different tokenizers compare.
 */
public final class Perplexity {
    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final Scorer scorer;
    private final int start;

    public Perplexity(LanguageModel model) {
        this.model = model;
        this.tokenizer = model.tokenizer().orElseThrow(() -> new EngineException("the model in " + model.directory()
                + " has no tokenizer.json, which perplexity needs to encode text"));
        this.scorer = new Scorer(model);
        Integer bos = model.generationConfig().bosTokenId();
        List<Integer> eos = model.generationConfig().eosTokenIds();
        if (bos == null && eos.isEmpty()) {
            throw new EngineException("the model in " + model.directory() + " names no BOS or EOS token to start documents with");
        }
        this.start = bos != null ? bos : eos.getFirst();
    }

    public EvalResult run(List<String> documents, String dataName, Progress progress) {
        if (documents.isEmpty()) throw new EvalException(dataName + " has no documents");
        List<EvalResult.Item> items = new ArrayList<>();
        double nats = 0;
        long tokens = 0, characters = 0;
        for (int d = 0; d < documents.size(); d++) {
            String doc = documents.get(d);
            int[] ids = tokenizer.encode(doc, false);
            double docNats = nats(ids);
            int chars = doc.codePointCount(0, doc.length());
            nats += docNats;
            tokens += ids.length;
            characters += chars;
            Map<String, Double> scores = new LinkedHashMap<>();
            scores.put("nats", docNats);
            scores.put("tokens", (double) ids.length);
            scores.put("characters", (double) chars);
            items.add(new EvalResult.Item(String.valueOf(d + 1), List.of(), null, 0, 0, scores));
            progress.update("perplexity", d + 1, documents.size());
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("bits_per_character", nats / Math.log(2) / Math.max(1, characters));
        metrics.put("token_perplexity", Math.exp(nats / Math.max(1, tokens)));
        metrics.put("tokens", (double) tokens);
        metrics.put("characters", (double) characters);
        EvalResult.Run run = new EvalResult.Run(0, metrics, items);
        return new EvalResult("perplexity", model.directory().toString(), null, model.parameterCount(), dataName, documents.size(),
                false, List.of(EvalResult.Shots.of(0, List.of(run))));
    }

    /** -ln P(ids) with each window of at most a context of tokens scored after the start token. */
    private double nats(int[] ids) {
        int window = model.config().contextLength();
        double sum = 0;
        for (int from = 0; from < ids.length; from += window) {
            int[] scored = new int[Math.min(window, ids.length - from) + 1];
            scored[0] = start;
            System.arraycopy(ids, from, scored, 1, scored.length - 1);
            double[] lp = scorer.score(scored);
            sum -= Arrays.stream(lp, 1, lp.length).sum();
        }
        return sum;
    }
}

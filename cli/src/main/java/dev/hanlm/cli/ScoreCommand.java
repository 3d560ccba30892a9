package dev.hanlm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.Scorer;
import dev.hanlm.tokenizer.Tokenizer;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Print the log-probability of each token of a text under a model: ln P(token | the tokens before it).",
                "--json prints {\"ids\":[...],\"logprobs\":[null,...]} (natural log; nothing predicts the first token).",
                "Without TEXT or --ids, reads standard input."})
final class ScoreCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--ids", split = ",", paramLabel = "ID", description = "Score these token ids: --ids 1,2,3.")
    int[] ids;

    @Option(names = "--json", description = "Print ids and log-probabilities as JSON.")
    boolean json;

    @Parameters(arity = "0..1", paramLabel = "TEXT", description = "The text to score.")
    String text;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (LanguageModel m = model.load()) {
            int[] tokens = Prompts.ids(m, text, ids, spec.commandLine());
            double[] logprobs = new Scorer(m).score(tokens);
            PrintStream out = Prompts.stdout();
            out.print(json ? json(tokens, logprobs) + "\n" : table(tokens, logprobs, m.tokenizer().orElse(null)));
        }
        return 0;
    }

    private static String json(int[] ids, double[] logprobs) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode idArray = root.putArray("ids"), lp = root.putArray("logprobs");
        for (int i = 0; i < ids.length; i++) {
            idArray.add(ids[i]);
            if (Double.isNaN(logprobs[i])) lp.addNull();
            else lp.add(logprobs[i]);
        }
        return mapper.writeValueAsString(root);
    }

    /** One row per token, then the total and the perplexity of the predicted tokens. */
    private static String table(int[] ids, double[] logprobs, Tokenizer tokenizer) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%5s %8s %10s  %s%n", "#", "id", "logprob", "token"));
        double total = 0;
        for (int i = 0; i < ids.length; i++) {
            String token = tokenizer == null ? "" : tokenizer.tokenText(ids[i]).replace("\n", "\\n").replace("\t", "\\t");
            String lp = Double.isNaN(logprobs[i]) ? "-" : String.format(Locale.ROOT, "%.4f", logprobs[i]);
            out.append(String.format(Locale.ROOT, "%5d %8d %10s  %s%n", i, ids[i], lp, token));
            if (i > 0) total += logprobs[i];
        }
        int predicted = Math.max(0, ids.length - 1);
        out.append(String.format(Locale.ROOT, "total %.4f over %d predicted tokens", total, predicted));
        if (predicted > 0) out.append(String.format(Locale.ROOT, ", perplexity %.4f", Math.exp(-total / predicted)));
        return out.append('\n').toString();
    }
}

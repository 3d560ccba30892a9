package dev.hanlm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.GeneratedToken;
import dev.hanlm.engine.GenerationListener;
import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.GenerationResult;
import dev.hanlm.engine.Generator;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.TokenLogprob;
import dev.hanlm.tokenizer.Tokenizer;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Continue a prompt with a model, streaming the text to standard output.",
                "--json prints {\"text\":...,\"ids\":[...],\"logprobs\":[...],...} instead (natural-log probabilities).",
                "Without PROMPT or --ids, reads the prompt from standard input."})
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--ids", split = ",", paramLabel = "ID", description = "The prompt as token ids: --ids 1,2,3.")
    int[] ids;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Option(names = "--top-logprobs", paramLabel = "N", description = "With --json, the N most likely alternatives of each token.")
    int topLogprobs;

    @Option(names = "--truncate-left", description = "Drop the oldest prompt tokens when the prompt and --max-tokens do not fit the context.")
    boolean truncateLeft;

    @Parameters(arity = "0..1", paramLabel = "PROMPT", description = "The text to continue.")
    String prompt;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (LanguageModel m = model.load()) {
            int[] promptIds = Prompts.ids(m, prompt, ids, spec.commandLine());
            GenerationOptions options = sampling.options(m).withTopLogprobs(topLogprobs).withTruncateLeft(truncateLeft);
            Tokenizer tokenizer = m.tokenizer().orElse(null);
            PrintStream out = Prompts.stdout();
            GenerationResult result = new Generator(m).generate(promptIds, options, json ? GenerationListener.NONE : stream(out, tokenizer));
            if (json) out.println(json(result, tokenizer));
            else out.println();
            if (result.truncatedTokens() > 0) {
                System.err.println("hanlm: dropped the first " + result.truncatedTokens() + " prompt tokens to fit the context");
            }
        }
        return 0;
    }

    /** Prints text as it becomes final, or the ids when the model has no tokenizer. */
    private static GenerationListener stream(PrintStream out, Tokenizer tokenizer) {
        return (token, text) -> {
            out.print(tokenizer == null ? token.id() + " " : text);
            out.flush();
        };
    }

    static String json(GenerationResult r, Tokenizer tokenizer) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("text", r.text());
        ArrayNode ids = root.putArray("ids"), logprobs = root.putArray("logprobs");
        for (GeneratedToken t : r.tokens()) {
            ids.add(t.id());
            logprobs.add(t.logprob());
        }
        if (!r.tokens().isEmpty() && !r.tokens().getFirst().top().isEmpty()) {
            ArrayNode top = root.putArray("top_logprobs");
            for (GeneratedToken t : r.tokens()) {
                ArrayNode alternatives = top.addArray();
                for (TokenLogprob alt : t.top()) {
                    ObjectNode a = alternatives.addObject().put("id", alt.id());
                    if (tokenizer != null) a.put("token", tokenizer.tokenText(alt.id()));
                    a.put("logprob", alt.logprob());
                }
            }
        }
        root.put("finish_reason", r.finishReason().name().toLowerCase(Locale.ROOT));
        root.put("prompt_tokens", r.prompt().length);
        root.put("seed", r.seed());
        return mapper.writeValueAsString(root);
    }
}

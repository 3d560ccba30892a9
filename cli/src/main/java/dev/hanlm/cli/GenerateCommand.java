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
import dev.hanlm.train.ptune.TunedPrompt;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--prompt-embeddings", paramLabel = "PROMPT_DIR",
            description = "A p-tuned prompt (hanlm ptune): PROMPT fills its template's field, and generation starts where its answer goes.")
    Path promptEmbeddings;

    @Option(names = "--field", paramLabel = "NAME=VALUE", description = "With --prompt-embeddings, the value of another field of its template.")
    Map<String, String> fields = new LinkedHashMap<>();

    @Parameters(arity = "0..1", paramLabel = "PROMPT", description = "The text to continue.")
    String prompt;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (promptEmbeddings == null && !fields.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--field fills a tuned prompt's template: give --prompt-embeddings too");
        }
        try (LanguageModel loaded = model.load()) {
            TunedPrompt tuned = promptEmbeddings == null ? null : TunedPrompt.read(promptEmbeddings);
            LanguageModel m = tuned == null ? loaded : tuned.applyTo(loaded, promptEmbeddings);
            GenerationOptions options = sampling.options(m).withTopLogprobs(topLogprobs).withTruncateLeft(truncateLeft);
            int[] promptIds = tuned == null ? Prompts.ids(m, prompt, ids, spec.commandLine()) : tunedIds(m, tuned, options.maxTokens());
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

    /** The tuned prompt's template with PROMPT in its one field not given by --field, leaving room for the output. */
    private int[] tunedIds(LanguageModel m, TunedPrompt tuned, int maxTokens) throws Exception {
        if (ids != null) throw new CommandLine.ParameterException(spec.commandLine(), "--ids cannot be used with --prompt-embeddings");
        Map<String, String> values = new LinkedHashMap<>(fields);
        List<String> open = tuned.template().fields().stream().filter(f -> !values.containsKey(f)).distinct().toList();
        if (open.size() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the prompt's template has the fields " + open
                    + ": give all but one with --field NAME=VALUE, and the last as PROMPT");
        }
        if (open.size() == 1) values.put(open.getFirst(), prompt != null ? prompt : Prompts.readStdin());
        else if (prompt != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "every field of the prompt's template is given with --field: PROMPT has no place");
        }
        int context = m.config().contextLength();
        return tuned.template().encode(ModelOptions.tokenizer(m, "to encode the prompt"), values, m.config().vocabSize(),
                context - Math.min(maxTokens, context / 2)).ids();
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

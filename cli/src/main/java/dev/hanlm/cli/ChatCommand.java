package dev.hanlm.cli;

import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.GenerationResult;
import dev.hanlm.engine.Generator;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.studio.chat.ChatFormat;
import dev.hanlm.tokenizer.Tokenizer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Chat with a model in the terminal: one message per line; /exit or end of input (Ctrl-D) ends.",
                "Uses the model's chat template (tokenizer_config.json) when it has one, else '사용자:' / 'AI:' lines.",
                "Each reply is printed after 'AI: ' as it is generated. When the conversation outgrows the context,",
                "the oldest turns are dropped (the system text stays); a reply gets at most half the context."})
final class ChatCommand implements Callable<Integer> {
    static final String EXIT = "/exit";

    @Mixin
    ModelOptions model;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system text (a persona, instructions) kept at the start of the chat.")
    String system;

    @Override
    public Integer call() throws Exception {
        try (LanguageModel m = model.load()) {
            Tokenizer tokenizer = ModelOptions.tokenizer(m, "to chat with");
            ChatFormat format = ChatFormat.forModel(m.directory());
            GenerationOptions base = sampling.options(m);
            int context = m.config().contextLength();
            GenerationOptions options = base.withMaxTokens(Math.min(base.maxTokens(), Math.max(1, context / 2)))
                    .withStop(Stream.concat(base.stop().stream(), format.stops().stream()).distinct().toList());
            ChatHistory history = new ChatHistory(system, format, tokenizer, context - options.maxTokens());
            Generator generator = new Generator(m);
            PrintStream out = Prompts.stdout();
            boolean terminal = System.console() != null && System.console().isTerminal();
            if (terminal) System.err.println("hanlm chat with " + m.directory() + ", in " + format.describe() + "; " + EXIT + " ends");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (true) {
                if (terminal) out.print("사용자> ");
                String line = in.readLine();
                if (line == null || line.strip().equals(EXIT)) break;
                if (line.isBlank()) continue;
                int[] ids = history.promptWith(line.strip());
                if (ids == null) {
                    System.err.println("hanlm: that message is too long for the context of " + context + " tokens; try a shorter one");
                    continue;
                }
                if (history.lastDropped() > 0) {
                    System.err.println("hanlm: dropped the oldest " + history.lastDropped() + " exchange(s) to fit the context of " + context + " tokens");
                }
                out.print("AI: ");
                LeadingSpaceTrimmer printer = new LeadingSpaceTrimmer(out);
                GenerationResult reply = generator.generate(ids, options, (token, text) -> printer.print(text));
                out.println();
                history.answer(reply.text().strip());
            }
        }
        return 0;
    }

    /** Prints a streamed reply without the white space it starts with (a reply usually begins with a space). */
    private static final class LeadingSpaceTrimmer {
        private final PrintStream out;
        private boolean started;

        LeadingSpaceTrimmer(PrintStream out) {
            this.out = out;
        }

        void print(String text) {
            if (!started) {
                text = text.stripLeading();
                started = !text.isEmpty();
            }
            out.print(text);
            out.flush();
        }
    }
}

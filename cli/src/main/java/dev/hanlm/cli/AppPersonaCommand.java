package dev.hanlm.cli;

import dev.hanlm.studio.Backend;
import dev.hanlm.studio.persona.PersonaCard;
import dev.hanlm.studio.persona.PersonaChat;
import dev.hanlm.studio.persona.PersonaEvaluation;
import dev.hanlm.studio.persona.PersonaScript;
import dev.hanlm.studio.persona.SpeechStyleDetector;
import dev.hanlm.studio.persona.Turn;
import dev.hanlm.studio.prompt.StudioParameters;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "persona", mixinStandardHelpOptions = true,
        description = {"Chat with a persona (a card of name, traits, speaking style, facts and example turns): one message a line on",
                "standard input, /restart forgets the conversation. With --script, run scripted conversations and report whether the",
                "persona keeps its name, facts and speaking style, and the replies' diversity."})
final class AppPersonaCommand implements Callable<Integer> {
    static final String CARD = "/persona/hana.json", SCRIPT = "/persona/script.json";
    /** Short replies, a little randomness. */
    @Mixin
    BackendOptions backend = new BackendOptions();

    @Mixin
    StudioOptions sampling = new StudioOptions();

    @Option(names = "--card", paramLabel = "FILE", description = "The persona card (JSON); default: the bundled 하나 (persona/hana.json).")
    Path card;

    @Option(names = "--script", paramLabel = "FILE", arity = "0..1", fallbackValue = "",
            description = "Evaluate on scripted conversations (JSON); without FILE, the bundled persona/script.json.")
    String script;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return AppCommand.userErrors(spec.commandLine(), () -> {
            PersonaCard persona = PersonaCard.read(card != null ? card : Bundled.resource(CARD));
            StudioParameters parameters = sampling.over(PersonaChat.DEFAULTS);
            PrintStream out = Prompts.stdout();
            try (Backend model = backend.open(spec.commandLine())) {
                if (script != null) {
                    PersonaScript conversations = PersonaScript.read(script.isEmpty() ? Bundled.resource(SCRIPT) : Path.of(script));
                    report(out, persona, PersonaEvaluation.run(() -> new PersonaChat(model, persona, parameters, backend.budget()),
                            conversations, new SpeechStyleDetector()));
                } else {
                    chat(out, new PersonaChat(model, persona, parameters, backend.budget()));
                }
            }
            return 0;
        });
    }

    private static void chat(PrintStream out, PersonaChat chat) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) continue;
            if (line.strip().equals("/restart")) {
                chat.restart();
                out.println("(대화를 새로 시작합니다)");
                continue;
            }
            out.println(chat.card().name() + ": " + chat.say(line).text());
        }
    }

    private static void report(PrintStream out, PersonaCard card, PersonaEvaluation.Result r) {
        for (List<Turn> conversation : r.conversations()) {
            for (Turn t : conversation) out.println("사용자: " + t.user() + "\n" + card.name() + ": " + t.bot());
            out.println();
        }
        out.printf("keeps name   %5.1f%% (%d/%d probes)%n", r.nameRate(), r.nameKept(), r.nameProbes());
        out.printf("keeps facts  %5.1f%% (%d/%d probes)%n", r.factRate(), r.factsKept(), r.factProbes());
        out.printf("in style     %5.1f%% (%d/%d replies whose endings show a style; %d replies in all, %s declared)%n",
                r.styleRate(), r.inStyle(), r.styled(), r.replies(), card.style().name().toLowerCase(java.util.Locale.ROOT));
        out.printf("distinct-1   %5.1f%%, distinct-2 %5.1f%% (characters)%n", r.distinct1(), r.distinct2());
    }
}

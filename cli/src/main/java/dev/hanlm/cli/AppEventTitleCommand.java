package dev.hanlm.cli;

import dev.hanlm.studio.Backend;
import dev.hanlm.studio.LocalBackend;
import dev.hanlm.studio.eventtitle.FewShotTitles;
import dev.hanlm.studio.eventtitle.EventFields;
import dev.hanlm.studio.eventtitle.TitleCandidate;
import dev.hanlm.studio.eventtitle.TitleEvaluation;
import dev.hanlm.studio.eventtitle.TitleGenerator;
import dev.hanlm.studio.eventtitle.TitleRules;
import dev.hanlm.studio.eventtitle.TitleSource;
import dev.hanlm.studio.eventtitle.TitledEvent;
import dev.hanlm.studio.eventtitle.TunedTitles;
import dev.hanlm.studio.prompt.StudioParameters;
import dev.hanlm.train.ptune.TunedPrompt;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "event-title", mixinStandardHelpOptions = true,
        description = {"Write shopping event titles few-shot from product and event fields: N candidates ranked by the model's",
                "likelihood, those breaking the rules (length, banned words, numbers not in the fields) last.",
                "With --eval, score the top title of each event of a set against its reference (BLEU, ROUGE-L, rule-pass rate)."})
final class AppEventTitleCommand implements Callable<Integer> {
    @Mixin
    BackendOptions backend = new BackendOptions();

    @Mixin
    StudioOptions sampling = new StudioOptions();

    @Option(names = "--product", paramLabel = "TEXT", description = "상품명.")
    String product;

    @Option(names = "--brand", paramLabel = "TEXT", description = "브랜드.")
    String brand;

    @Option(names = "--discount", paramLabel = "TEXT", description = "할인율, e.g. 30%% or 1+1.")
    String discount;

    @Option(names = "--period", paramLabel = "TEXT", description = "기간.")
    String period;

    @Option(names = "--category", paramLabel = "TEXT", description = "카테고리.")
    String category;

    @Option(names = "-n", paramLabel = "N", description = "Candidates to generate (default: ${DEFAULT-VALUE}).")
    int n = 5;

    @Option(names = "--shots", paramLabel = "K", description = "Few-shot examples from the bundled train set (default: ${DEFAULT-VALUE}).")
    int shots = FewShotTitles.SHOTS;

    @Option(names = "--prompt-embeddings", paramLabel = "PROMPT_DIR",
            description = {"A p-tuned prompt (hanlm ptune --task eventtitle/title-task.json) in place of the few-shot prompt;",
                    "it runs on the local model it was tuned on."})
    Path promptEmbeddings;

    @Option(names = "--eval", paramLabel = "FILE", arity = "0..1", fallbackValue = "",
            description = "Evaluate on a JSONL set of events with reference titles; without FILE, the bundled 100 (eventtitle/eval.jsonl).")
    String eval;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate on the first N events only.")
    Integer limit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (n < 1 || n > 16) throw new CommandLine.ParameterException(spec.commandLine(), "-n " + n + " is outside 1..16");
        List<TitledEvent> train = TitledEvent.bundled(TitledEvent.BUNDLED_TRAIN);
        if (shots < 0 || shots > train.size()) throw new CommandLine.ParameterException(spec.commandLine(), "--shots must be from 0 to " + train.size());
        if (eval == null && product == null) throw new CommandLine.ParameterException(spec.commandLine(), "give --product (and the other fields), or --eval");
        if (promptEmbeddings != null && spec.commandLine().getParseResult().hasMatchedOption("--shots")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--shots cannot be used with --prompt-embeddings: the tuned prompt takes the examples' place");
        }
        return AppCommand.userErrors(spec.commandLine(), () -> {
            StudioParameters parameters = sampling.over(FewShotTitles.DEFAULTS);
            PrintStream out = Prompts.stdout();
            try (Backend model = backend.open(spec.commandLine())) {
                TitleGenerator generator = new TitleGenerator(source(model, train), TitleRules.defaults());
                if (eval != null) evaluate(out, generator, parameters);
                else generate(out, generator, parameters);
            }
            return 0;
        });
    }

    private TitleSource source(Backend model, List<TitledEvent> train) {
        if (promptEmbeddings == null) return new FewShotTitles(model, train.subList(0, shots));
        if (!(model instanceof LocalBackend local)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--prompt-embeddings runs on a local model, not on --remote");
        }
        TunedPrompt tuned = TunedPrompt.read(promptEmbeddings);
        return new TunedTitles(tuned.applyTo(local.model(), promptEmbeddings), tuned);
    }

    private void generate(PrintStream out, TitleGenerator generator, StudioParameters parameters) {
        EventFields fields = new EventFields(product, brand, discount, period, category);
        for (TitleCandidate c : generator.candidates(fields, n, parameters)) {
            out.printf("%7s  %s  %s%n", Double.isNaN(c.score()) ? "n/a" : String.format("%.3f", c.score()), c.passes() ? "pass" : "FAIL", c.text());
            for (String v : c.violations()) out.println("           - " + v);
        }
    }

    private void evaluate(PrintStream out, TitleGenerator generator, StudioParameters parameters) {
        List<TitledEvent> set = eval.isEmpty() ? TitledEvent.bundled(TitledEvent.BUNDLED_EVAL) : TitledEvent.read(Path.of(eval));
        if (limit != null) set = set.subList(0, Math.min(limit, set.size()));
        TitleEvaluation.Result r = TitleEvaluation.run(generator, set, n, parameters);
        for (int i = 0; i < set.size(); i++) out.println(set.get(i).id() + "\t" + r.titles().get(i) + "\t(ref: " + set.get(i).title() + ")");
        out.printf("events %d, %d candidates each, %s%n", r.events(), n, promptEmbeddings == null ? shots + " shots" : "tuned prompt " + promptEmbeddings);
        out.printf("BLEU (characters) %.2f, ROUGE-L F1 (characters) %.2f%n", r.bleu(), r.rougeL());
        out.printf("top title passes the rules %.1f%%, candidates passing %.1f%%%n", r.topPassRate(), r.candidatePassRate());
    }
}

package dev.hanlm.cli;

import dev.hanlm.eval.Datasets;
import dev.hanlm.eval.Example;
import dev.hanlm.studio.Backend;
import dev.hanlm.studio.datagen.DataGenerator;
import dev.hanlm.studio.datagen.DataTask;
import dev.hanlm.studio.datagen.LabeledUtterance;
import dev.hanlm.studio.datagen.SentimentComparison;
import dev.hanlm.studio.datagen.UtteranceFiles;
import dev.hanlm.studio.prompt.StudioParameters;
import dev.hanlm.train.classify.LabeledText;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"Create labelled Korean utterances zero-shot from label names and descriptions, de-duplicated, as CSV or JSONL.",
                "With --real-train and --test (NSMC files), also train a classifier on them and on as many real labels, and compare."})
final class AppDataCommand implements Callable<Integer> {
    static final String TASK = "/datagen/nsmc-sentiment.json";
    /** Warm and varied sampling: the avoid-repeats rule and the seeds do the rest. */
    @Mixin
    BackendOptions backend = new BackendOptions();

    @Mixin
    StudioOptions sampling = new StudioOptions();

    @Option(names = "--task", paramLabel = "FILE", description = "The labels and descriptions (JSON); default: NSMC sentiment (datagen/nsmc-sentiment.json).")
    Path task;

    @Option(names = "--per-label", paramLabel = "N", description = "Utterances to create per label (default: ${DEFAULT-VALUE}).")
    int perLabel = 20;

    @Option(names = "--attempts", paramLabel = "K", description = "Draws allowed per wanted utterance before a label is left short (default: ${DEFAULT-VALUE}).")
    int attempts = 4;

    @Option(names = "--avoid-recent", paramLabel = "K", description = "List the label's last K utterances in the prompt as ones not to repeat (default: ${DEFAULT-VALUE}).")
    int avoidRecent = 3;

    @Option(names = "--near", paramLabel = "J", description = "Character-bigram Jaccard from which an utterance is a near duplicate (default: ${DEFAULT-VALUE}).")
    double near = 0.7;

    @Option(names = "--output", paramLabel = "FILE", required = true, description = "Where to write the utterances: FILE.csv or FILE.jsonl.")
    Path output;

    @Option(names = "--real-train", paramLabel = "FILE", description = "NSMC-format labelled texts (id, document, label) to draw the real training set from.")
    Path realTrain;

    @Option(names = "--test", paramLabel = "FILE", description = "NSMC-format test set, e.g. ratings_test.txt.")
    Path test;

    @Option(names = "--test-size", paramLabel = "N", description = "Score on the first N test texts (default: ${DEFAULT-VALUE}).")
    int testSize = 2000;

    @Option(names = "--positive", paramLabel = "LABEL", description = "The created label that is NSMC's 1 (default: ${DEFAULT-VALUE}).")
    String positive = "긍정";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((realTrain == null) != (test == null)) throw new CommandLine.ParameterException(spec.commandLine(), "give --real-train and --test together");
        return AppCommand.userErrors(spec.commandLine(), () -> {
            DataTask labels = DataTask.read(task != null ? task : Bundled.resource(TASK));
            DataGenerator.Settings settings = new DataGenerator.Settings(perLabel, attempts, avoidRecent, near, sampling.over(DataGenerator.DEFAULTS));
            PrintStream out = Prompts.stdout();
            List<LabeledUtterance> created;
            try (Backend model = backend.open(spec.commandLine())) {
                created = new DataGenerator(model).generate(labels, settings, (u, tries) -> System.err.println(u.label() + "\t" + u.text()));
            }
            UtteranceFiles.write(output, created);
            for (var label : labels.labels()) {
                out.printf("%s: %d utterances%n", label.name(), created.stream().filter(u -> u.label().equals(label.name())).count());
            }
            out.println("wrote " + created.size() + " utterances to " + output);
            if (test != null) compare(out, created);
            return 0;
        });
    }

    private void compare(PrintStream out, List<LabeledUtterance> created) {
        List<LabeledText> pool = nsmc(realTrain, Integer.MAX_VALUE), testSet = nsmc(test, testSize);
        SentimentComparison.Result r = SentimentComparison.run(created, positive, pool, testSet, sampling.seed);
        out.printf("classifier on %d created utterances (%d %s): %.2f%% accuracy on %d test texts%n", r.trainSize(), r.positives(), positive,
                r.createdAccuracy(), r.testSize());
        out.printf("classifier on %d real labelled texts (same class counts):  %.2f%% accuracy%n", r.trainSize(), r.realAccuracy());
    }

    private static List<LabeledText> nsmc(Path file, int limit) {
        List<Example> items = Datasets.nsmc(file);
        return items.subList(0, Math.min(limit, items.size())).stream()
                .map(e -> new LabeledText(e.fields().get("document"), Integer.parseInt(e.gold()))).toList();
    }
}

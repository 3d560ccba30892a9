package dev.hanlm.cli;

import dev.hanlm.eval.Datasets;
import dev.hanlm.studio.Backend;
import dev.hanlm.studio.datagen.DataGenerator;
import dev.hanlm.studio.datagen.DataTask;
import dev.hanlm.studio.datagen.LabelSpec;
import dev.hanlm.studio.datagen.LabeledUtterance;
import dev.hanlm.studio.datagen.LabelComparison;
import dev.hanlm.studio.datagen.UtteranceFiles;
import dev.hanlm.studio.prompt.StudioParameters;
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
                "With --real-train and --test (JSONL {text, label} files, or NSMC files), also train a classifier on the created data"
                        + " and on as many real labels, and compare their accuracy on the test set."})
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

    @Option(names = "--real-train", paramLabel = "FILE", description = "Real labelled texts to draw the real training set from: FILE.jsonl ({\"text\", \"label\"} a line, labels named as in"
            + " the task), or NSMC format (id, document, label 0/1).")
    Path realTrain;

    @Option(names = "--test", paramLabel = "FILE", description = "Real labelled test set, in the same formats, e.g. datagen/hotel-intents-test.jsonl or NSMC's ratings_test.txt.")
    Path test;

    @Option(names = "--test-size", paramLabel = "N", description = "Score on the first N test texts (default: ${DEFAULT-VALUE}).")
    int testSize = 2000;

    @Option(names = "--positive", paramLabel = "LABEL", description = "With NSMC files: the created label that is NSMC's 1, the task's other label being 0 (default: ${DEFAULT-VALUE}).")
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
            List<LabeledUtterance> pool = test == null ? null : real(realTrain, Integer.MAX_VALUE, labels);
            List<LabeledUtterance> testSet = test == null ? null : real(test, testSize, labels);
            List<LabeledUtterance> created;
            try (Backend model = backend.open(spec.commandLine())) {
                created = new DataGenerator(model).generate(labels, settings, (u, tries) -> System.err.println(u.label() + "\t" + u.text()));
            }
            UtteranceFiles.write(output, created);
            for (var label : labels.labels()) {
                out.printf("%s: %d utterances%n", label.name(), created.stream().filter(u -> u.label().equals(label.name())).count());
            }
            out.println("wrote " + created.size() + " utterances to " + output);
            if (test != null) compare(out, created, pool, testSet);
            return 0;
        });
    }

    private void compare(PrintStream out, List<LabeledUtterance> created, List<LabeledUtterance> pool, List<LabeledUtterance> testSet) {
        LabelComparison.Result r = LabelComparison.run(created, pool, testSet, sampling.seed);
        out.printf("classifier on %d created utterances %s: %.2f%% accuracy on %d test texts%n", r.trainSize(), r.counts(),
                r.createdAccuracy(), r.testSize());
        out.printf("classifier on %d real labelled texts (same label counts):  %.2f%% accuracy%n", r.trainSize(), r.realAccuracy());
    }

    /** The first {@code limit} texts of a JSONL file, or of an NSMC file with 1 as --positive and 0 as the task's other label. */
    private List<LabeledUtterance> real(Path file, int limit, DataTask labels) {
        List<LabeledUtterance> items;
        if (file.getFileName().toString().endsWith(".jsonl")) {
            items = UtteranceFiles.read(file);
        } else {
            List<String> negatives = labels.labels().stream().map(LabelSpec::name).filter(n -> !n.equals(positive)).toList();
            if (labels.labels().size() != 2 || negatives.size() != 1) {
                throw new IllegalArgumentException("an NSMC file needs a task of two labels, one of them --positive " + positive + "; give JSONL for other tasks");
            }
            items = Datasets.nsmc(file).stream().map(e -> new LabeledUtterance(e.fields().get("document"),
                    e.gold().equals("1") ? positive : negatives.getFirst())).toList();
        }
        return items.subList(0, Math.min(limit, items.size()));
    }
}

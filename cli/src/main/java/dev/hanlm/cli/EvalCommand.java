package dev.hanlm.cli;

import dev.hanlm.engine.LanguageModel;
import dev.hanlm.eval.CustomTask;
import dev.hanlm.eval.EvalResult;
import dev.hanlm.eval.Evaluator;
import dev.hanlm.eval.Perplexity;
import dev.hanlm.eval.ResultTable;
import dev.hanlm.eval.Task;
import dev.hanlm.eval.Tasks;
import dev.hanlm.tokenizer.CorpusReader;
import dev.hanlm.train.ptune.TunedPrompt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hanlm eval}: in-context zero- and few-shot evaluation of a model on a task (docs/EVAL.md). */
@Command(name = "eval", mixinStandardHelpOptions = true, subcommands = {EvalReportCommand.class},
        description = {"Evaluate a model in context, zero- and few-shot, on a task: prints a table and can write every item's prediction as JSON.",
                "Built-in tasks, their prompts and the task-file syntax: docs/EVAL.md. `hanlm eval report RUN.json...` merges results."})
final class EvalCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--task", paramLabel = "NAME|FILE.json", description = "A built-in task (nsmc, ynat, klue-sts, klue-nli, korquad, translate-ko-en, perplexity, ...) or a task file.")
    String task;

    @Option(names = "--data", paramLabel = "FILE",
            description = "The task's data file in its original format (a task file may name its own).")
    Path data;

    @Option(names = "--shots", split = ",", paramLabel = "K", defaultValue = "0,1,5",
            description = "Numbers of demonstrations (default: ${DEFAULT-VALUE}).")
    List<Integer> shots;

    @Option(names = "--seeds", split = ",", paramLabel = "SEED", defaultValue = "1,2,3",
            description = "Seeds of the demonstration draws; mean and standard deviation over them (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Score only the first N items (documents for perplexity); 0: all.")
    int limit;

    @Option(names = "--calibrate", description = "Calibrate classification scores with a content-free input (Zhao et al. 2021).")
    boolean calibrate;

    @Option(names = "--prompt-embeddings", paramLabel = "PROMPT_DIR",
            description = "Evaluate with a p-tuned prompt (hanlm ptune), zero-shot: its template and verbalizers replace the task's.")
    Path promptEmbeddings;

    @Option(names = "--json", paramLabel = "OUT", description = "Write the summary and every item's prediction and gold answer as JSON.")
    Path json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (task == null) throw new CommandLine.ParameterException(spec.commandLine(), "give --task NAME (one of " + Tasks.NAMES + ") or --task FILE.json");
        Task t = null;
        Path file = data;
        if (task.endsWith(".json")) {
            CustomTask.Loaded loaded = CustomTask.read(Path.of(task));
            t = loaded.task();
            if (file == null) file = loaded.data();
        } else if (!task.equals("perplexity")) {
            t = Tasks.named(task);
        }
        if (file == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "task " + task
                    + " reads its items from a file: give --data FILE (docs/EVAL.md says where each benchmark comes from)");
        }
        if (promptEmbeddings != null && t == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--prompt-embeddings needs a task with a prompt, not perplexity");
        }
        TunedPrompt tuned = promptEmbeddings == null ? null : TunedPrompt.read(promptEmbeddings);
        if (tuned != null && !spec.commandLine().getParseResult().hasMatchedOption("--shots")) shots = List.of(0);
        EvalResult result;
        try (LanguageModel m = model.load(); ProgressBar bar = new ProgressBar(System.err)) {
            result = t == null
                    ? new Perplexity(m).run(documents(file), file.toString(), bar::update)
                    : new Evaluator(m, tuned, promptEmbeddings).run(t, t.loader().load(file), file.toString(),
                            new Evaluator.Settings(shots, seeds, limit, calibrate), bar::update);
        }
        Prompts.stdout().print(ResultTable.text(result));
        if (json != null) {
            result.write(json);
            System.err.println("wrote " + json);
        }
        return 0;
    }

    /** The documents of a corpus file (text: one a line; JSONL; WikiExtractor), the first --limit of them. */
    private List<String> documents(Path file) throws IOException {
        List<String> docs = new ArrayList<>();
        new CorpusReader().read(file, docs::add);
        return limit > 0 && limit < docs.size() ? docs.subList(0, limit) : docs;
    }
}

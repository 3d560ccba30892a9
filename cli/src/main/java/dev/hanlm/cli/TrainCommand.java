package dev.hanlm.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.grad.Gpt2Shape;
import dev.hanlm.train.TrainConfig;
import dev.hanlm.train.Trainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** {@code hanlm train}: pretrains (or fine-tunes) a GPT-2-shaped model; every config key is also a flag, made from {@link TrainConfig#KEYS}. */
@Command(name = "train", mixinStandardHelpOptions = true, modelTransformer = TrainCommand.ConfigFlags.class,
        description = {"Train a GPT-2-shaped model on data made by `hanlm data prepare`.",
                "Settings come from --config FILE.json and from flags (a flag wins); see docs/TRAINING.md for every key.",
                "Ctrl-C (or SIGTERM) writes a checkpoint and stops; --resume continues exactly where it stopped."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "A JSON object of settings (keys as the flags, with _ for -).")
    Path config;

    @Option(names = "--resume", description = "Continue the run in --output from its newest checkpoint.")
    boolean resume;

    @CommandLine.Spec
    CommandSpec spec;

    /** Adds one option per config key, so the keys are declared once. */
    static final class ConfigFlags implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            for (TrainConfig.Key key : TrainConfig.KEYS) {
                String paramLabel = key.type() == Path.class ? "DIR" : key.type() == String.class ? "VALUE" : "N";
                String def = key.defaultValue().isEmpty() || key.defaultValue().startsWith("-") ? "" : " (default: " + key.defaultValue() + ")";
                spec.addOption(OptionSpec.builder(key.flag()).type(String.class).paramLabel(paramLabel)
                        .description(key.description() + def).build());
            }
            return spec;
        }
    }

    @Override
    public Integer call() {
        ObjectNode flags = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (TrainConfig.Key key : TrainConfig.KEYS) {
            String value = spec.findOption(key.flag()).getValue();
            if (value != null) flags.put(key.name(), value);
        }
        TrainConfig settings = TrainConfig.read(config, flags);
        Trainer trainer = new Trainer(settings, new TrainingProgress(System.err));
        CountDownLatch finished = new CountDownLatch(1);
        // SIGINT/SIGTERM: the JVM runs this hook while the loop goes on; the loop sees the request, checkpoints and
        // returns, and only then does the hook let the JVM exit
        Thread hook = new Thread(() -> {
            trainer.requestStop();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Trainer.Result result = trainer.run(resume);
            if (result.stopped()) {
                System.err.printf("%nstopped at step %,d; continue with: hanlm train ... --resume%n", result.steps());
            } else {
                System.out.printf("trained %,d steps (%,d tokens): train loss %.4f, validation loss %.4f (perplexity %.1f)%nwrote %s%n",
                        result.steps(), result.tokensSeen(), result.trainLoss(), result.validationLoss(),
                        Math.exp(result.validationLoss()), result.model());
            }
            return result.stopped() ? 130 : 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running: it returns now that the loop has finished
            }
        }
    }

    static String describe(Gpt2Shape shape) {
        return String.format("%d layers, d_model %d, %d heads, context %d, vocabulary %,d: %,d parameters",
                shape.layers(), shape.dModel(), shape.heads(), shape.contextLength(), shape.vocabSize(), shape.parameterCount());
    }
}

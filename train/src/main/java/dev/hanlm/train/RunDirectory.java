package dev.hanlm.train;

import dev.hanlm.engine.grad.Gpt2Weights;
import dev.hanlm.engine.kernels.DType;
import dev.hanlm.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The files of one training run:
 * <pre>
 * output/train_config.json   the resolved config
 * output/log.jsonl           every update and validation
 * output/loss.png            the loss curves
 * output/checkpoints/step-N  resumable checkpoints (see {@link Checkpoints})
 * output/model               the final model: an HF gpt2 directory with its tokenizer
 * </pre>
 */
final class RunDirectory {
    private final Path root;

    RunDirectory(Path root) {
        this.root = root;
    }

    Path checkpoints() {
        return root.resolve("checkpoints");
    }

    Path log() {
        return root.resolve("log.jsonl");
    }

    Path lossChart() {
        return root.resolve("loss.png");
    }

    /** A fresh run needs an empty (or absent) directory: it never overwrites an earlier run. */
    void startFresh() throws IOException {
        if (Files.isDirectory(root)) {
            try (Stream<Path> entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new TrainingException(root + " already holds a training run; pass --resume to continue it, or choose another output");
                }
            }
        } else if (Files.exists(root)) {
            throw new TrainingException(root + " exists and is not a directory");
        }
        Files.createDirectories(root);
    }

    void writeConfig(TrainConfig config) throws IOException {
        AtomicFiles.writeString(root.resolve("train_config.json"), config.toJson().toPrettyString() + "\n");
    }

    /** Writes {@code output/model} whole: staged beside it, then renamed over any older one. */
    Path writeModel(Gpt2Weights weights, DType dtype, Tokenizer tokenizer, int eosId) {
        Path target = root.resolve("model");
        Path staging = AtomicFiles.temporary(target);
        try {
            Files.createDirectories(staging);
            weights.save(staging, dtype, eosId);
            tokenizer.save(staging);
            Path old = null;
            if (Files.exists(target)) {
                old = AtomicFiles.temporary(target);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) AtomicFiles.deleteTree(old);
            return target;
        } catch (IOException e) {
            throw new TrainingException("could not write the model to " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                AtomicFiles.deleteTree(staging);
            } catch (IOException ignored) {
                // a leftover hidden staging folder is harmless
            }
        }
    }

}

package dev.hanlm.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.tokenizer.BpeTrainer;
import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.tokenizer.TrainerConfig;
import dev.hanlm.train.data.CleaningSettings;
import dev.hanlm.train.data.CorpusPreparer;
import dev.hanlm.train.data.PrepareConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A tiny tokenizer and prepared data from the NSMC sample, and tiny training settings, for the loop's tests. */
final class TinyRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TinyRun() {}

    /** Trains a 300-token byte-level BPE and prepares the sample with it into {@code dir/data}; returns that directory. */
    static Path prepareData(Path dir) {
        try {
            Path corpus = Path.of(TinyRun.class.getResource("/nsmc-pool-sample.txt").toURI());
            Tokenizer tokenizer = new BpeTrainer(TrainerConfig.defaults(300).withMorphemeAware(false))
                    .train(List.of(corpus), BpeTrainer.Progress.NONE).tokenizer();
            Path tokenizerDir = dir.resolve("tokenizer");
            tokenizer.save(tokenizerDir);
            Path data = dir.resolve("data");
            Files.createDirectories(data);
            CleaningSettings cleaning = new CleaningSettings(5, 0.5, 0.3, 0.5, true);
            PrepareConfig defaults = PrepareConfig.defaults();
            new CorpusPreparer(tokenizer, tokenizerDir, new PrepareConfig(cleaning, defaults.split(), defaults.shardTokens(), false,
                    defaults.textField())).prepare(List.of(corpus), data, CorpusPreparer.Progress.NONE);
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 2-layer, 16-wide model trained for {@code steps} on rows of 16 tokens; {@code extra} overrides keys. */
    static TrainConfig config(Path data, Path output, int steps, String extra) {
        try {
            ObjectNode o = (ObjectNode) JSON.readTree("{\"layers\":2,\"d_model\":16,\"heads\":2,\"context\":16,\"batch_size\":2,"
                    + "\"steps\":" + steps + ",\"warmup_steps\":2,\"lr\":0.01,\"eval_interval\":3,\"eval_batches\":2,"
                    + "\"checkpoint_interval\":3,\"dropout\":0.1" + (extra.isEmpty() ? "" : "," + extra) + "}");
            o.put("data", data.toString()).put("output", output.toString());
            return TrainConfig.of(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.hanlm.cli;

import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.tokenizer.Tokenizer;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options that say which model a command runs and how to load it. */
final class ModelOptions {
    @Option(names = "--model", paramLabel = "DIR",
            description = "A Hugging Face model directory (config.json, model.safetensors, tokenizer.json, ...); default: the bundled hanlm-mini-ko.")
    Path dir;

    @Mixin
    LoadFlags loading = new LoadFlags();

    LanguageModel load() {
        return LanguageModel.load(dir == null ? Bundled.model() : dir, loading.options());
    }

    /** The model's tokenizer, or a one-line error saying what needed it ("to encode the text ..."). */
    static Tokenizer tokenizer(LanguageModel model, String purpose) {
        return model.tokenizer().orElseThrow(() -> new EngineException("the model in " + model.directory()
                + " has no tokenizer.json " + purpose));
    }
}

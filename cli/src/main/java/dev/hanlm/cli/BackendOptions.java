package dev.hanlm.cli;

import dev.hanlm.engine.LanguageModel;
import dev.hanlm.studio.Backend;
import dev.hanlm.studio.LocalBackend;
import dev.hanlm.studio.ModelQueue;
import dev.hanlm.studio.persona.ContextBudget;
import dev.hanlm.studio.remote.RemoteBackend;
import dev.hanlm.studio.remote.RemoteModel;
import dev.hanlm.tokenizer.Tokenizer;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which model an application runs on: a local model directory (the bundled one by default) or a remote OpenAI-compatible server. */
final class BackendOptions {
    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--remote", paramLabel = "NAME=URL[,model=M][,key-env=VAR]",
            description = {"Run on model M (default: NAME) of an OpenAI-compatible server at URL instead of a local model;",
                    "its API key is read from the environment variable VAR."})
    String remote;

    @Option(names = "--remote-context", paramLabel = "TOKENS",
            description = "The remote model's context, for the chat's memory budget (default: ${DEFAULT-VALUE}); each character counts as a token.")
    int remoteContext = 4096;

    private ContextBudget budget;

    /** The backend; {@link #budget()} is known once it is open. */
    Backend open(CommandLine cli) {
        if (remote != null) {
            if (model.dir != null) throw new CommandLine.ParameterException(cli, "give either --model or --remote, not both");
            try {
                RemoteModel r = RemoteModel.parse(remote, System::getenv);
                budget = ContextBudget.characters(remoteContext);
                return new RemoteBackend(r);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli, "--remote: " + e.getMessage());
            }
        }
        LanguageModel loaded = model.load();
        Tokenizer tokenizer = ModelOptions.tokenizer(loaded, "to run an application on it");
        budget = new ContextBudget(loaded.config().contextLength(), text -> tokenizer.encode(text, true).length);
        String id = loaded.directory().toAbsolutePath().normalize().getFileName().toString();
        return new LocalBackend(id, loaded, ModelQueue.Limits.defaults());
    }

    ContextBudget budget() {
        return budget;
    }
}

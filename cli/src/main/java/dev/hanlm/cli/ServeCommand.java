package dev.hanlm.cli;

import dev.hanlm.engine.LoadOptions;
import dev.hanlm.studio.Backend;
import dev.hanlm.studio.LocalBackend;
import dev.hanlm.studio.ModelQueue;
import dev.hanlm.studio.keys.KeyStore;
import dev.hanlm.studio.remote.RemoteBackend;
import dev.hanlm.studio.remote.RemoteModel;
import dev.hanlm.studio.server.AdminToken;
import dev.hanlm.studio.server.KeyAccess;
import dev.hanlm.studio.server.ServerOptions;
import dev.hanlm.studio.server.StudioServer;
import dev.hanlm.studio.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve models over the OpenAI HTTP API (/v1/models, /v1/completions, /v1/chat/completions, SSE streaming),",
                "with /health and /metrics. Each model's id is its directory's name or its --remote NAME.",
                "Ctrl-C (or SIGTERM) stops the server.",
                "See docs/SERVING.md."})
class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR",
            description = "A Hugging Face model directory to serve (repeatable).")
    List<Path> models = new ArrayList<>();

    @Option(names = "--models-dir", paramLabel = "DIR",
            description = {"Serve every model directory (a folder with a config.json) inside DIR.",
                    "Without --model, --models-dir or --remote: the models folder beside hanlm, which holds the bundled hanlm-mini-ko."})
    Path modelsDir;

    @Option(names = "--remote", paramLabel = "NAME=URL[,model=M][,key-env=VAR]",
            description = {"Serve model M (default: NAME) of an OpenAI-compatible server at URL under the id NAME (repeatable);",
                    "its API key is read from the environment variable VAR, so it never shows in the process list."})
    List<String> remotes = new ArrayList<>();

    @Mixin
    LoadFlags loading = new LoadFlags();

    @Option(names = "--host", paramLabel = "ADDRESS", description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host = ServerOptions.DEFAULT_HOST;

    @Option(names = "--port", paramLabel = "N", description = "The port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = ServerOptions.DEFAULT_PORT;

    @Option(names = "--admin-token-env", paramLabel = "VAR",
            description = "The environment variable holding the admin token; required to listen beyond this machine.")
    String adminTokenEnv;

    @Mixin
    StorageOptions storage;

    @Option(names = "--max-queue", paramLabel = "N",
            description = "Requests that may wait for a busy local model; more are refused with 429 (default: ${DEFAULT-VALUE}).")
    int maxQueue = ModelQueue.Limits.DEFAULT_MAX_WAITING;

    @Option(names = "--max-batch", paramLabel = "N",
            description = "Requests a local model generates for together, batched step by step (default: ${DEFAULT-VALUE}).")
    int maxBatch = LocalBackend.DEFAULT_MAX_BATCH;

    @Option(names = "--request-timeout", paramLabel = "SECONDS",
            description = "The longest a request may wait and generate; longer ones are ended with 504 (default: ${DEFAULT-VALUE}).")
    long requestTimeout = ModelQueue.Limits.DEFAULT_REQUEST_TIMEOUT.toSeconds();

    @Option(names = "--shutdown-grace", paramLabel = "SECONDS",
            description = "On stop, how long running requests may finish before they are ended (default: ${DEFAULT-VALUE}).")
    long shutdownGrace = ServerOptions.DEFAULT_SHUTDOWN_GRACE.toSeconds();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) throw new CommandLine.ParameterException(spec.commandLine(), "--port " + port + " is outside 0..65535");
        if (maxQueue < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--max-queue " + maxQueue + " is negative");
        if (maxBatch < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--max-batch must be at least 1");
        if (requestTimeout < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--request-timeout must be at least 1 second");
        if (shutdownGrace < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--shutdown-grace " + shutdownGrace + " is negative");
        ServerOptions options = ServerOptions.defaults().withHost(host).withPort(port).withShutdownGrace(Duration.ofSeconds(shutdownGrace));
        Optional<AdminToken> admin = adminToken();
        if (admin.isEmpty() && !options.loopbackOnly()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--host " + host + " is reachable from other machines;"
                    + " give --admin-token-env VAR with the admin token in VAR, or listen on 127.0.0.1");
        }
        List<Path> dirs = new ArrayList<>(models);
        if (modelsDir != null) dirs.addAll(modelsIn(modelsDir));
        else if (models.isEmpty() && remotes.isEmpty()) dirs.addAll(modelsIn(Bundled.model().getParent()));
        List<RemoteModel> remoteModels = remoteModels();
        List<String> names = new ArrayList<>(ids(dirs));
        remoteModels.forEach(r -> names.add(r.id()));
        Set<String> ids = new HashSet<>();
        for (String name : names) {
            if (!ids.add(name)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "two models are named '" + name + "'; a model's id is"
                        + " its --model directory's name or its --remote NAME, so the names must differ");
            }
        }
        Database database = storage.open(); // first: a database that cannot be reached fails before the models load
        KeyStore keys = new KeyStore(database);
        List<Backend> backends = new ArrayList<>();
        List<StudioServer.Extension> extensions = new ArrayList<>();
        try {
            backends.addAll(load(dirs));
            extensions.addAll(extensions(database));
        } catch (RuntimeException e) {
            backends.forEach(Backend::close);
            keys.close();
            throw e;
        }
        remoteModels.forEach(r -> backends.add(new RemoteBackend(r)));
        StudioServer server = StudioServer.start(backends, options, Optional.of(new KeyAccess(keys, admin)), extensions);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hanlm-serve-stop"));
        Prompts.stdout().println(started(server, names));
        server.join();
        return 0;
    }

    /** More routes for the server (the Studio's); they share {@code database}, which the key store closes. */
    List<StudioServer.Extension> extensions(Database database) {
        return List.of();
    }

    /** The line that says where the server is. */
    String started(StudioServer server, List<String> names) {
        return "hanlm: serving " + String.join(", ", names) + " at " + server.url() + "/v1 (Ctrl-C stops)";
    }

    /** Loads every model, or none: a failure closes those already loaded. */
    private List<Backend> load(List<Path> dirs) {
        LoadOptions loadOptions = loading.options();
        ModelQueue.Limits limits = new ModelQueue.Limits(maxQueue, Duration.ofSeconds(requestTimeout));
        List<Backend> backends = new ArrayList<>();
        try {
            for (Path dir : dirs) backends.add(LocalBackend.load(id(dir), dir, loadOptions, limits, maxBatch));
            return backends;
        } catch (RuntimeException e) {
            backends.forEach(Backend::close);
            throw e;
        }
    }

    /** The admin token, from the environment variable that --admin-token-env names; none without that option. */
    private Optional<AdminToken> adminToken() {
        if (adminTokenEnv == null) return Optional.empty();
        try {
            return Optional.of(AdminToken.fromEnv(adminTokenEnv, System::getenv));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--admin-token-env: " + e.getMessage());
        }
    }

    /** The --remote models; a key comes from the environment, never from the command line. */
    private List<RemoteModel> remoteModels() {
        List<RemoteModel> out = new ArrayList<>();
        for (String remote : remotes) {
            try {
                out.add(RemoteModel.parse(remote, System::getenv));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--remote: " + e.getMessage());
            }
        }
        return out;
    }

    /** The model directories inside {@code folder}, by name; at least one. */
    private List<Path> modelsIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--models-dir " + folder + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> found = entries.filter(d -> Files.isRegularFile(d.resolve("config.json"))).sorted().toList();
            if (found.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--models-dir " + folder
                        + " holds no model directory (a folder with a config.json)");
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static List<String> ids(List<Path> dirs) {
        return dirs.stream().map(ServeCommand::id).toList();
    }

    private static String id(Path dir) {
        return dir.toAbsolutePath().normalize().getFileName().toString();
    }
}

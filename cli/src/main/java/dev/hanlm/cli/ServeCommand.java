package dev.hanlm.cli;

import dev.hanlm.engine.LoadOptions;
import dev.hanlm.engine.Quantization;
import dev.hanlm.studio.Backend;
import dev.hanlm.studio.LocalBackend;
import dev.hanlm.studio.server.ServerOptions;
import dev.hanlm.studio.server.StudioServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve models over the OpenAI HTTP API (/v1/models, /v1/completions, /v1/chat/completions, SSE streaming),",
                "with /health and /metrics. Each model's id is its directory's name. Ctrl-C (or SIGTERM) stops the server.",
                "See docs/SERVING.md."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR",
            description = "A Hugging Face model directory to serve (repeatable); default: the bundled hanlm-mini-ko.")
    List<Path> models = new ArrayList<>();

    @Option(names = "--quantize", paramLabel = "q8|q4", description = "Quantize the matmul weights at load (8- or 4-bit blocks).")
    String quantize;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host = ServerOptions.DEFAULT_HOST;

    @Option(names = "--port", paramLabel = "N", description = "The port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = ServerOptions.DEFAULT_PORT;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) throw new CommandLine.ParameterException(spec.commandLine(), "--port " + port + " is outside 0..65535");
        List<Path> dirs = models.isEmpty() ? List.of(Bundled.model()) : models;
        Set<String> ids = new HashSet<>();
        for (Path dir : dirs) {
            if (!ids.add(id(dir))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "two --model directories are named '" + id(dir)
                        + "'; a model's id is its directory's name, so the names must differ");
            }
        }
        StudioServer server = StudioServer.start(load(dirs), ServerOptions.defaults().withHost(host).withPort(port));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hanlm-serve-stop"));
        Prompts.stdout().println("hanlm: serving " + String.join(", ", ids(dirs)) + " at " + server.url() + "/v1 (Ctrl-C stops)");
        server.join();
        return 0;
    }

    /** Loads every model, or none: a failure closes those already loaded. */
    private List<Backend> load(List<Path> dirs) {
        Quantization q = quantize == null ? Quantization.NONE : Quantization.parse(quantize);
        List<Backend> backends = new ArrayList<>();
        try {
            for (Path dir : dirs) backends.add(LocalBackend.load(id(dir), dir, LoadOptions.defaults().withQuantize(q)));
            return backends;
        } catch (RuntimeException e) {
            backends.forEach(Backend::close);
            throw e;
        }
    }

    private static List<String> ids(List<Path> dirs) {
        return dirs.stream().map(ServeCommand::id).toList();
    }

    private static String id(Path dir) {
        return dir.toAbsolutePath().normalize().getFileName().toString();
    }
}

package dev.hanlm.cli;

import dev.hanlm.studio.apps.AppStore;
import dev.hanlm.studio.apps.AppsApi;
import dev.hanlm.studio.server.StudioServer;
import dev.hanlm.studio.store.Database;
import dev.hanlm.studio.web.StudioWeb;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code hanlm serve} with the Studio in the browser at {@code /}: the same flags, models and API, plus the web app. */
@Command(name = "studio", mixinStandardHelpOptions = true,
        description = {"Start HyperCLOVA-style Studio in the browser (default: http://127.0.0.1:8080) with the bundled model:",
                "a prompt playground, Apps with versions and labels, API keys, evaluation and p-tuning.",
                "It also serves the OpenAI HTTP API under /v1, as `hanlm serve` does, and takes the same flags.",
                "Ctrl-C (or SIGTERM) stops it. See docs/STUDIO.md."})
final class StudioCommand extends ServeCommand {
    @Override
    List<StudioServer.Extension> extensions(Database database) {
        return List.of(new StudioWeb(), new AppsApi(new AppStore(database), storage.dataDir));
    }

    @Override
    String started(StudioServer server, List<String> names) {
        return "hanlm studio: open " + server.url() + " in a browser (models: " + String.join(", ", names) + "; Ctrl-C stops)";
    }
}

package dev.hanlm.studio.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.Backend;
import dev.hanlm.studio.Completion;
import dev.hanlm.studio.LocalBackend;
import dev.hanlm.studio.RequestException;
import dev.hanlm.studio.keys.KeyStore;
import dev.hanlm.studio.server.AdminKeysApi;
import dev.hanlm.studio.server.Json;
import dev.hanlm.studio.server.JsonRequest;
import dev.hanlm.studio.server.KeyAccess;
import dev.hanlm.studio.server.KeyGuard;
import dev.hanlm.studio.server.StudioServer;
import dev.hanlm.train.ptune.TunedPrompt;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The Studio's Apps over HTTP (docs/STUDIO.md, "Apps"): saving versions, moving labels, deploying
 * ({@code POST /api/apps/{name}/complete}, the one route that takes an API key rather than the web app's session),
 * evaluations and p-tuning as background jobs, and the API keys under {@code /api/keys}.
 */
public final class AppsApi implements StudioServer.Extension {
    /** The label a deployed App answers with when a request names neither label nor version. */
    public static final String PRODUCTION = "production";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private final AppStore store;
    private final TunedPrompts tuned;
    private final Jobs jobs = new Jobs();
    private AppRunner runner;
    private Map<String, Backend> backends;
    private KeyGuard keyGuard;

    /** Apps in {@code store}; tuned prompts under {@code dataDir}. */
    public AppsApi(AppStore store, Path dataDir) {
        this.store = store;
        this.tuned = new TunedPrompts(dataDir);
    }

    @Override
    public void register(JavalinConfig config, StudioServer.Services services) {
        this.backends = services.backends();
        this.runner = new AppRunner(backends, tuned);
        KeyStore keys = services.keys().map(KeyAccess::store)
                .orElseThrow(() -> new IllegalStateException("the Studio's Apps need API keys: start the server with a key store"));
        this.keyGuard = new KeyGuard(keys);
        new AdminKeysApi(new KeyAccess(keys, Optional.empty())).routes(config, "/api/keys");
        config.routes.get("/api/apps", this::list);
        config.routes.get("/api/apps/{name}", this::app);
        config.routes.post("/api/apps/{name}/versions", this::save);
        config.routes.get("/api/apps/{name}/versions/{version}", this::version);
        config.routes.put("/api/apps/{name}/labels/{label}", this::moveLabel);
        config.routes.post("/api/apps/{name}/labels/{label}/rollback", this::rollback);
        config.routes.post("/api/apps/{name}/complete", services.inFlight().counting(this::complete));
        config.routes.post("/api/apps/{name}/versions/{version}/evaluations", this::evaluate);
        config.routes.get("/api/evaluations/{id}", this::evaluation);
        config.routes.post("/api/tuning", this::tune);
        config.routes.get("/api/tuned-prompts", this::tunedPrompts);
        config.routes.get("/api/jobs/{id}", ctx -> Json.answer(ctx, 200, jobs.get(ctx.pathParam("id")).state()));
        config.routes.get("/api/jobs/{id}/events", ctx -> jobs.stream(ctx, jobs.get(ctx.pathParam("id"))));
    }

    private void list(Context ctx) {
        Json.answer(ctx, 200, Json.list(store.list().stream().map(s -> {
            ObjectNode app = Json.object().put("name", s.name()).put("created", s.created()).put("latest_version", s.latestVersion());
            app.set("labels", labels(s.labels()));
            return app;
        }).toList()));
    }

    private void app(Context ctx) {
        String name = existing(ctx);
        ObjectNode app = Json.object().put("name", name);
        ArrayNode versions = app.putArray("versions");
        for (AppVersion v : store.versions(name)) versions.add(version(v));
        app.set("labels", labels(store.labels(name)));
        ArrayNode evaluations = app.putArray("evaluations");
        for (AppStore.Evaluation e : store.evaluations(name)) evaluations.add(evaluation(e));
        Json.answer(ctx, 200, app);
    }

    private void save(Context ctx) {
        String name = name(ctx.pathParam("name"), "name");
        AppSpec spec = AppJson.spec(JsonRequest.parse(ctx.bodyAsBytes()).get("spec"));
        runner.check(spec);
        Json.answer(ctx, 201, version(store.save(name, spec)));
    }

    private void version(Context ctx) {
        Json.answer(ctx, 200, version(versionOf(existing(ctx), ctx.pathParam("version"))));
    }

    private void moveLabel(Context ctx) {
        String name = existing(ctx), label = name(ctx.pathParam("label"), "label");
        JsonRequest body = JsonRequest.parse(ctx.bodyAsBytes());
        Integer version = body.integer("version", 1, Integer.MAX_VALUE);
        if (version == null) throw RequestException.invalid("version", "version is missing: the version the label should point at");
        if (store.version(name, version).isEmpty()) throw noVersion(name, version);
        Json.answer(ctx, 200, label(store.moveLabel(name, label, version)));
    }

    /** Moves a label back to the version it pointed at before its last move. */
    private void rollback(Context ctx) {
        String name = existing(ctx), label = ctx.pathParam("label");
        AppLabel current = labelOf(name, label);
        if (current.previous() == null) {
            throw new RequestException(409, null, "no_previous_version", "the label '" + label + "' has pointed only at version "
                    + current.version() + "; there is nothing to roll back to");
        }
        Json.answer(ctx, 200, label(store.moveLabel(name, label, current.previous())));
    }

    /** The deployed App: needs a live API key; answers with the output, the version used, the usage and the filters' reports. */
    private void complete(Context ctx) {
        keyGuard.admit(ctx);
        String name = existing(ctx);
        JsonRequest body = JsonRequest.parse(ctx.bodyAsBytes());
        String input = body.requiredString("input");
        Integer number = body.integer("version", 1, Integer.MAX_VALUE);
        String label = body.string("label");
        if (label != null && number != null) throw RequestException.invalid("version", "give a label or a version, not both");
        if (label == null && number == null && store.label(name, PRODUCTION).isPresent()) label = PRODUCTION;
        AppVersion version = number != null ? store.version(name, number).orElseThrow(() -> noVersion(name, number))
                : label != null ? labelled(name, label) : store.latest(name).orElseThrow();
        AppRunner.Answer answer = runner.run(version.spec(), input);
        Completion completion = answer.completion();
        KeyGuard.recordUsage(ctx, completion);
        ObjectNode response = Json.object().put("id", "appcmpl-" + UUID.randomUUID().toString().replace("-", ""))
                .put("object", "app.completion").put("app", name).put("version", version.version())
                .put("label", label)
                .put("output", answer.choice().text()).put("finish_reason", answer.choice().finishReason());
        response.putObject("usage").put("prompt_tokens", completion.promptTokens()).put("completion_tokens", completion.completionTokens())
                .put("total_tokens", completion.totalTokens());
        answer.screen().report(response);
        Json.answer(ctx, 200, response);
    }

    private void evaluate(Context ctx) {
        AppVersion version = versionOf(existing(ctx), ctx.pathParam("version"));
        TestSet tests = upload(JsonRequest.parse(ctx.bodyAsBytes()), "test_set");
        Job job = jobs.submit("evaluation", j -> AppEvaluation.run(j, runner, store, version, tests));
        Json.answer(ctx, 202, job.state());
    }

    private void evaluation(Context ctx) {
        String id = ctx.pathParam("id");
        AppStore.Evaluation e = store.evaluation(id).orElseThrow(() -> new RequestException(404, null, "evaluation_not_found",
                "there is no evaluation '" + id + "'"));
        ObjectNode node = evaluation(e);
        node.set("results", e.results());
        Json.answer(ctx, 200, node);
    }

    private void tune(Context ctx) {
        JsonRequest body = JsonRequest.parse(ctx.bodyAsBytes());
        String name = name(body.requiredString("name"), "name");
        String model = body.requiredString("model");
        Backend backend = backends.get(model);
        if (backend == null) throw RequestException.modelNotFound(model);
        if (!(backend instanceof LocalBackend local)) throw RequestException.invalid("model", "p-tuning needs a local model, and '" + model + "' is remote");
        TestSet rows = upload(body, "data");
        TuningJob tuning = new TuningJob(name, rows, orDefault(body.integer("steps", 1, 10_000), TuningJob.STEPS),
                orDefault(body.integer("prompt_tokens", 1, 64), TuningJob.PROMPT_TOKENS),
                orDefault(body.integer("batch_size", 1, 256), TuningJob.BATCH_SIZE),
                body.number("lr") == null ? TuningJob.LR : body.number("lr"), body.longInteger("seed") == null ? 1 : body.longInteger("seed"));
        Job job = jobs.submit("tuning", j -> tuning.run(j, local.model(), tuned));
        Json.answer(ctx, 202, job.state());
    }

    private void tunedPrompts(Context ctx) {
        Json.answer(ctx, 200, Json.list(tuned.ids().stream().map(id -> {
            TunedPrompt p = tuned.get(id);
            ObjectNode node = Json.object().put("id", id).put("object", "tuned_prompt").put("name", p.task())
                    .put("template", p.template().text()).put("classifier", p.classification());
            node.set("labels", Json.MAPPER.valueToTree(p.verbalizers().keySet()));
            node.set("training", p.training());
            return node;
        }).toList()));
    }

    /** An uploaded file of labelled rows: {@code {"name": "tests.csv", "content": "..."}}. */
    private static TestSet upload(JsonRequest body, String field) {
        JsonRequest file = body.object(field);
        if (file == null) throw RequestException.invalid(field, field + " is missing: {\"name\": \"rows.csv\" or \"rows.jsonl\", \"content\": \"...\"}");
        return TestSet.parse(file.requiredString("name"), file.requiredString("content"));
    }

    private String existing(Context ctx) {
        String name = ctx.pathParam("name");
        if (!store.exists(name)) throw new RequestException(404, null, "app_not_found", "there is no App '" + name + "'");
        return name;
    }

    private AppLabel labelOf(String name, String label) {
        return store.label(name, label).orElseThrow(() -> new RequestException(404, "label", "label_not_found",
                "the App '" + name + "' has no label '" + label + "'"));
    }

    private AppVersion labelled(String name, String label) {
        return store.version(name, labelOf(name, label).version()).orElseThrow();
    }

    private AppVersion versionOf(String name, String version) {
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw RequestException.invalid("version", "the version '" + version + "' is not a number");
        }
        return store.version(name, number).orElseThrow(() -> noVersion(name, number));
    }

    private static String name(String value, String param) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw RequestException.invalid(param, "the " + param + " '" + value + "' must be 1 to 64 letters, digits, '-' or '_', starting with a letter or digit");
        }
        return value;
    }

    private static RequestException noVersion(String name, int version) {
        return new RequestException(404, "version", "version_not_found", "the App '" + name + "' has no version " + version);
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static ObjectNode version(AppVersion v) {
        ObjectNode node = Json.object().put("object", "app.version").put("app", v.app()).put("version", v.version()).put("created", v.created());
        node.set("spec", AppJson.tree(v.spec()));
        return node;
    }

    private static ArrayNode labels(Iterable<AppLabel> labels) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (AppLabel l : labels) out.add(label(l));
        return out;
    }

    private static ObjectNode label(AppLabel l) {
        return Json.object().put("label", l.name()).put("version", l.version()).put("previous", l.previous()).put("updated", l.updated());
    }

    private static ObjectNode evaluation(AppStore.Evaluation e) {
        ObjectNode node = Json.object().put("id", e.id()).put("object", "app.evaluation").put("app", e.app()).put("version", e.version())
                .put("created", e.created()).put("test_set", e.testSet());
        node.set("metrics", e.metrics());
        return node;
    }

    @Override
    public void close() {
        jobs.close();
    }
}

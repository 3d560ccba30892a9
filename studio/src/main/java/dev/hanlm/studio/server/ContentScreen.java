package dev.hanlm.studio.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.Completion;
import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.RequestException;
import dev.hanlm.studio.chat.ChatMessage;
import dev.hanlm.studio.filter.AiFilters;
import dev.hanlm.studio.filter.FilterReport;
import dev.hanlm.studio.filter.FilterSettings;
import dev.hanlm.studio.filter.Screening;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * A request's {@code ai_filters} at work: screens the prompt before generation and each choice after it, and writes
 * what the filters found as the response's {@code ai_filters}. A request without {@code ai_filters} passes untouched
 * and its response has no such field.
 */
public final class ContentScreen {
    /** OpenAI's finish reason for a choice its filter emptied. */
    static final String CONTENT_FILTER = "content_filter";

    private final FilterSettings settings;
    private final List<ObjectNode> inputReports = new ArrayList<>();
    private final Map<Integer, List<ObjectNode>> outputReports = new TreeMap<>();

    public ContentScreen(FilterSettings settings) {
        this.settings = settings;
    }

    /**
     * Reads {@code ai_filters}: {@code {"input": [names], "output": [names], "action": "block"|"mask"|"score",
     * "toxicity_threshold": 0..1}}.
     */
    public static FilterSettings parse(JsonRequest body) {
        return parse(body, "ai_filters");
    }

    /** Reads filter settings of that shape from the field {@code name}; null when absent. */
    public static FilterSettings parse(JsonRequest body, String name) {
        JsonRequest field = body.object(name);
        if (field == null) return null;
        String action = Objects.requireNonNullElse(field.string("action"), FilterSettings.Action.SCORE.id());
        FilterSettings.Action parsed = Arrays.stream(FilterSettings.Action.values()).filter(a -> a.id().equals(action)).findFirst()
                .orElseThrow(() -> RequestException.invalid(field.param("action"), field.param("action") + " must be block, mask or score"));
        Double threshold = field.number("toxicity_threshold");
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw RequestException.invalid(field.param("toxicity_threshold"), field.param("toxicity_threshold") + " must be between 0 and 1");
        }
        return new FilterSettings(names(field, "input"), names(field, "output"), parsed, threshold);
    }

    private static List<String> names(JsonRequest field, String target) {
        List<String> names = field.strings(target, AiFilters.names().size());
        if (names == null) return List.of();
        for (String name : names) {
            if (!AiFilters.names().contains(name)) {
                throw RequestException.invalid(field.param(target), field.param(target) + " names '" + name
                        + "'; the filters are " + String.join(", ", AiFilters.names()));
            }
        }
        return names;
    }

    public boolean active() {
        return settings != null;
    }

    /** Whether a stream must hold each choice's text until it ends, to block or mask it whole. */
    public boolean holdsOutput() {
        return settings != null && !settings.output().isEmpty() && settings.action() != FilterSettings.Action.SCORE;
    }

    /** The request to generate from: its prompt masked where asked. A blocked prompt is refused (400 {@code content_filtered}). */
    public CompletionRequest input(CompletionRequest request) {
        if (settings == null || settings.input().isEmpty()) return request;
        List<String> parts = switch (request.prompt()) {
            case CompletionRequest.TextPrompt text -> List.of(text.text());
            case CompletionRequest.ChatPrompt chat -> chat.messages().stream().map(ChatMessage::content).toList();
        };
        boolean chat = request.prompt() instanceof CompletionRequest.ChatPrompt;
        Screening screening = AiFilters.screen(settings.input(), settings.action(), settings.toxicityThreshold(), parts);
        for (FilterReport r : screening.reports()) inputReports.add(report(r, "input", null, chat));
        if (screening.blocked()) {
            List<String> by = screening.reports().stream().filter(r -> r.actionTaken().equals("blocked")).map(FilterReport::name).toList();
            throw new RequestException(400, chat ? "messages" : "prompt", "content_filtered",
                    "the prompt was blocked by the ai_filters input filter " + String.join(", ", by));
        }
        if (screening.parts().equals(parts)) return request;
        return request.withPrompt(switch (request.prompt()) {
            case CompletionRequest.TextPrompt text -> new CompletionRequest.TextPrompt(screening.parts().getFirst());
            case CompletionRequest.ChatPrompt(List<ChatMessage> messages) -> new CompletionRequest.ChatPrompt(IntStream.range(0, messages.size())
                    .mapToObj(i -> new ChatMessage(messages.get(i).role(), screening.parts().get(i))).toList());
        });
    }

    /**
     * A choice as it is returned: emptied with finish reason {@value #CONTENT_FILTER} when blocked, masked when asked.
     * A choice changed either way loses its log-probabilities, which would spell out what was hidden.
     */
    public Completion.Choice output(Completion.Choice choice) {
        if (settings == null || settings.output().isEmpty()) return choice;
        Screening screening = AiFilters.screen(settings.output(), settings.action(), settings.toxicityThreshold(), List.of(choice.text()));
        List<ObjectNode> reports = new ArrayList<>();
        for (FilterReport r : screening.reports()) reports.add(report(r, "output", choice.index(), false));
        synchronized (outputReports) {
            outputReports.put(choice.index(), reports);
        }
        if (screening.blocked()) return new Completion.Choice(choice.index(), "", CONTENT_FILTER, List.of(), choice.tokens());
        String text = screening.parts().getFirst();
        if (text.equals(choice.text())) return choice;
        return new Completion.Choice(choice.index(), text, choice.finishReason(), List.of(), choice.tokens());
    }

    /** The completion with each choice screened. */
    public Completion output(Completion completion) {
        return new Completion(completion.choices().stream().map(this::output).toList(), completion.promptTokens(),
                completion.completionTokens());
    }

    /** Adds {@code ai_filters} to a response or a stream's last chunk: the prompt's reports, then each choice's. */
    public void report(ObjectNode response) {
        if (settings == null) return;
        ArrayNode all = response.putArray("ai_filters");
        all.addAll(inputReports);
        synchronized (outputReports) {
            outputReports.values().forEach(all::addAll);
        }
    }

    /** One report; {@code index} is the choice's, for output. */
    private static ObjectNode report(FilterReport r, String target, Integer index, boolean chat) {
        ObjectNode node = Json.object().put("name", r.name()).put("target", target);
        if (index != null) node.put("index", index);
        node.put("score", r.score()).put("action_taken", r.actionTaken());
        ArrayNode spans = node.putArray("spans");
        for (FilterReport.Hit hit : r.hits()) {
            ObjectNode span = spans.addObject();
            if (chat) span.put("message", hit.part());
            span.put("start", hit.span().start()).put("end", hit.span().end()).put("type", hit.span().kind());
        }
        return node;
    }
}

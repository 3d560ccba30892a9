package dev.hanlm.studio.datagen;

import dev.hanlm.studio.Backend;
import dev.hanlm.studio.CompletionListener;
import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.prompt.PromptSpec;
import dev.hanlm.studio.prompt.StudioParameters;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates labelled utterances zero-shot: for each label, a Studio prompt that names the task, the label and its
 * description asks for one utterance at a time. Diversity comes from three controls:
 * <ul>
 *   <li>the temperature (and CLOVA's repeat penalty) of {@code parameters};</li>
 *   <li>a seed per sample, {@code seed + attempt} over the whole run, so each draw differs yet a run repeats;</li>
 *   <li>the avoid-repeats rule: the last {@code avoidRecent} utterances kept for the label are listed in the prompt as
 *       ones not to repeat.</li>
 * </ul>
 * Each draw is cut at its first line, and kept only if the {@link UtteranceDeduplicator} finds it new (over all labels,
 * so no utterance carries two labels). A label gets at most {@code perLabel * maxAttemptsPerSample} draws; a weak model
 * may leave it short, which the result shows.
 */
public final class DataGenerator {
    /** The settings {@code hanlm app data} and the Studio's preset start from. */
    public static final StudioParameters DEFAULTS = new StudioParameters(24, 0.9, 0, 0.95, 5.0, null, null, null, null);

    /** How much to create and how. */
    public record Settings(int perLabel, int maxAttemptsPerSample, int avoidRecent, double nearThreshold, StudioParameters parameters) {
        public Settings {
            if (perLabel < 1) throw new IllegalArgumentException("utterances per label must be at least 1, not " + perLabel);
            if (maxAttemptsPerSample < 1) throw new IllegalArgumentException("attempts per sample must be at least 1, not " + maxAttemptsPerSample);
            if (avoidRecent < 0) throw new IllegalArgumentException("the avoid-repeats window must not be negative");
        }
    }

    /** Hears of each kept utterance, for progress. */
    public interface Listener {
        void kept(LabeledUtterance utterance, int attempts);
    }

    private final Backend backend;

    public DataGenerator(Backend backend) {
        this.backend = backend;
    }

    public List<LabeledUtterance> generate(DataTask task, Settings settings, Listener listener) {
        UtteranceDeduplicator seen = new UtteranceDeduplicator(settings.nearThreshold());
        List<LabeledUtterance> out = new ArrayList<>();
        long attempt = 0;
        for (LabelSpec label : task.labels()) {
            List<String> kept = new ArrayList<>();
            for (int tries = 0; kept.size() < settings.perLabel() && tries < settings.perLabel() * settings.maxAttemptsPerSample(); tries++) {
                String text = draw(task, label, kept, settings, attempt++);
                if (text.isEmpty() || text.equals(label.name()) || !seen.add(text)) continue;
                kept.add(text);
                LabeledUtterance utterance = new LabeledUtterance(text, label.name());
                out.add(utterance);
                if (listener != null) listener.kept(utterance, tries + 1);
            }
        }
        return out;
    }

    /** The prompt for one more utterance of {@code label}, given those kept so far; its input is {@link #input}. */
    public static PromptSpec prompt(DataTask task, LabelSpec label, List<String> kept, int avoidRecent) {
        StringBuilder instruction = new StringBuilder();
        instruction.append(task.task().isEmpty() ? "" : task.task() + "에 쓸 ").append("문장을 하나 씁니다. 레이블의 뜻에 맞게, 자연스러운 한국어로 씁니다.");
        List<String> recent = kept.subList(Math.max(0, kept.size() - avoidRecent), kept.size());
        if (!recent.isEmpty()) instruction.append("\n이미 쓴 문장과 다르게 씁니다: ").append(String.join(" / ", recent));
        return PromptSpec.of(instruction.toString(), List.of());
    }

    public static String input(LabelSpec label) {
        return label.description().isEmpty() ? label.name() : label.name() + " (" + label.description() + ")";
    }

    private String draw(DataTask task, LabelSpec label, List<String> kept, Settings settings, long attempt) {
        PromptSpec spec = prompt(task, label, kept, settings.avoidRecent());
        StudioParameters p = settings.parameters();
        StudioParameters seeded = new StudioParameters(p.maxTokens(), p.temperature(), p.topK(), p.topP(), p.repeatPenalty(),
                p.stopBefore(), p.injectStartText(), "", (p.seed() == null ? 0 : p.seed()) + attempt);
        List<String> stops = new ArrayList<>(spec.stopSequences());
        stops.add("\n");
        CompletionRequest request = new CompletionRequest(backend.id(), new CompletionRequest.TextPrompt(spec.render(input(label))), 1,
                seeded.sampling(stops, null), seeded.injectStartText(), "");
        return firstLine(backend.complete(request, CompletionListener.NONE).choices().getFirst().text());
    }

    /** A draw's first line: a backend that ignores the stop at a newline still gives one utterance. */
    static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("").strip();
    }
}

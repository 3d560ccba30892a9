package dev.hanlm.studio.persona;

import dev.hanlm.studio.Backend;
import dev.hanlm.studio.Completion;
import dev.hanlm.studio.CompletionListener;
import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.SamplingParams;
import dev.hanlm.studio.filter.AiFilters;
import dev.hanlm.studio.filter.FilterReport;
import dev.hanlm.studio.filter.FilterSettings;
import dev.hanlm.studio.filter.PiiFilter;
import dev.hanlm.studio.filter.ProfanityFilter;
import dev.hanlm.studio.filter.Screening;
import dev.hanlm.studio.prompt.PromptSpec;
import dev.hanlm.studio.prompt.StudioParameters;
import java.util.List;

/**
 * A multi-turn chat with a persona, in CLOVA Studio's chat layout: the card's profile and its example turns (the
 * {@link #prompt() Studio prompt's} instruction), a blank line, then the remembered turns and the new message, as
 * {@code 사용자: ...} / {@code NAME: ...} lines. The inject start text is the
 * bot's {@code NAME:}, so the model answers as the persona; the inject restart text {@code \n사용자:} readies the
 * transcript for the next message. A reply is the first line of the choice that holds text: generation stops at the
 * next {@code \n사용자:}, not at any newline, because a model that starts its turn with a newline (as the bundled one
 * often does after {@code NAME:}) would otherwise end every such reply empty. Memory follows
 * {@link ConversationMemory}'s rule within the context left after the reply's {@code maxTokens}. Every reply goes
 * through the output filters (profanity and personal data, masked).
 */
public final class PersonaChat {
    public static final String USER = "사용자";
    /** The settings {@code hanlm app persona} and the Studio's preset start from. */
    public static final StudioParameters DEFAULTS = new StudioParameters(24, 0.5, 0, 0.8, 5.0, null, null, null, null);
    static final List<String> OUTPUT_FILTERS = List.of(ProfanityFilter.NAME, PiiFilter.NAME);

    /** A reply and what made it: the filters' reports and how many remembered turns the prompt held and dropped. */
    public record Reply(String text, List<FilterReport> filters, int turnsKept, int turnsDropped) {}

    private final Backend backend;
    private final PersonaCard card;
    private final StudioParameters parameters;
    private final ContextBudget budget;
    private final ConversationMemory memory = new ConversationMemory();
    private int replies;

    public PersonaChat(Backend backend, PersonaCard card, StudioParameters parameters, ContextBudget budget) {
        this.backend = backend;
        this.card = card;
        this.parameters = parameters;
        this.budget = budget;
    }

    public PersonaCard card() {
        return card;
    }

    /**
     * The card as a Studio prompt: its profile and example turns as the instruction, {@code 사용자} and the persona's
     * name as the labels. Its rendering of a first message is the prompt of a chat's first turn, start text included,
     * which is what the Studio's persona-chatbot preset shows.
     */
    public PromptSpec prompt() {
        return new PromptSpec(card.profile() + lines(card.examples()), List.of(), USER, card.name(), null);
    }

    /** Forgets the conversation (the card and its examples stay). */
    public void restart() {
        memory.clear();
    }

    public List<Turn> history() {
        return memory.all();
    }

    public Reply say(String message) {
        String user = message.strip();
        if (user.isEmpty()) throw new IllegalArgumentException("the message is empty; say something to " + card.name());
        String intro = prompt().instruction() + "\n\n";
        String fixed = intro + USER + ": " + user + "\n";
        int room = budget.contextTokens() - parameters.maxTokens() - budget.tokens().applyAsInt(fixed + startText());
        if (room < 0) {
            throw new IllegalArgumentException("the persona card, its examples and the message take more than the context of "
                    + budget.contextTokens() + " tokens leaves beside " + parameters.maxTokens() + " for the reply; shorten them");
        }
        List<Turn> kept = memory.recent(room, t -> budget.tokens().applyAsInt(line(t)));
        String prompt = intro + lines(kept) + USER + ": " + user + "\n";
        StudioParameters turn = new StudioParameters(parameters.maxTokens(), parameters.temperature(), parameters.topK(),
                parameters.topP(), parameters.repeatPenalty(), parameters.stopBefore(), startText(), restartText(),
                parameters.seed() == null ? null : parameters.seed() + replies);
        SamplingParams sampling = turn.sampling(List.of(restartText()), null);
        CompletionRequest request = new CompletionRequest(backend.id(), new CompletionRequest.TextPrompt(prompt), 1, sampling,
                turn.injectStartText(), turn.injectRestartText());
        Completion.Choice choice = backend.complete(request, CompletionListener.NONE).choices().getFirst();
        Screening screened = AiFilters.screen(OUTPUT_FILTERS, FilterSettings.Action.MASK, List.of(replyText(choice.text())));
        String reply = screened.parts().getFirst();
        memory.add(new Turn(user, reply));
        replies++;
        return new Reply(reply, screened.reports(), kept.size(), memory.all().size() - 1 - kept.size());
    }

    /** The choice's first line with text, without the inject texts around it. */
    private String replyText(String choice) {
        String text = choice;
        if (text.startsWith(startText())) text = text.substring(startText().length());
        if (text.endsWith(restartText())) text = text.substring(0, text.length() - restartText().length());
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse("");
    }

    private String startText() {
        return card.name() + ":";
    }

    private static String restartText() {
        return "\n" + USER + ":";
    }

    private String lines(List<Turn> turns) {
        StringBuilder text = new StringBuilder();
        for (Turn t : turns) text.append(line(t));
        return text.toString();
    }

    private String line(Turn t) {
        return USER + ": " + t.user() + "\n" + card.name() + ": " + t.bot() + "\n";
    }
}

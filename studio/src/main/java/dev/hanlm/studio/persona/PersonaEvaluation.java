package dev.hanlm.studio.persona;

import dev.hanlm.eval.Bleu;
import dev.hanlm.eval.DistinctN;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a {@link PersonaScript}, each conversation in a fresh chat, and measures whether the persona holds: probes
 * answered with the declared name, probes answered with a fact's word, replies in the declared speech level (among
 * those whose endings show one, as {@link SpeechStyleDetector} reads them), and the replies' distinct-1/2 (characters).
 */
public final class PersonaEvaluation {
    /** Figures in percent, with the counts they come from, and every reply. */
    public record Result(int nameKept, int nameProbes, int factsKept, int factProbes, int inStyle, int styled, int replies,
                         double distinct1, double distinct2, List<List<Turn>> conversations) {
        public double nameRate() {
            return percent(nameKept, nameProbes);
        }

        public double factRate() {
            return percent(factsKept, factProbes);
        }

        public double styleRate() {
            return percent(inStyle, styled);
        }

        private static double percent(int part, int whole) {
            return whole == 0 ? 0 : 100.0 * part / whole;
        }
    }

    private PersonaEvaluation() {}

    public static Result run(Supplier<PersonaChat> chats, PersonaScript script, SpeechStyleDetector detector) {
        int nameKept = 0, nameProbes = 0, factsKept = 0, factProbes = 0, inStyle = 0, styled = 0;
        List<String> replies = new ArrayList<>();
        List<List<Turn>> conversations = new ArrayList<>();
        for (List<PersonaScript.Step> conversation : script.conversations()) {
            PersonaChat chat = chats.get();
            PersonaCard card = chat.card();
            for (PersonaScript.Step step : conversation) {
                String reply = chat.say(step.user()).text();
                replies.add(reply);
                Optional<SpeechStyle> style = detector.detect(reply);
                if (style.isPresent()) {
                    styled++;
                    if (style.get() == card.style()) inStyle++;
                }
                if (step.expect().isEmpty()) continue;
                boolean kept = step.expect().stream().anyMatch(reply::contains);
                if (step.expect().contains(card.name())) {
                    nameProbes++;
                    if (kept) nameKept++;
                } else {
                    factProbes++;
                    if (kept) factsKept++;
                }
            }
            conversations.add(chat.history());
        }
        return new Result(nameKept, nameProbes, factsKept, factProbes, inStyle, styled, replies.size(),
                DistinctN.of(replies, 1, Bleu.Tokenization.CHAR), DistinctN.of(replies, 2, Bleu.Tokenization.CHAR), conversations);
    }
}

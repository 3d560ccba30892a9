package dev.hanlm.studio.eventtitle;

import dev.hanlm.eval.Bleu;
import dev.hanlm.eval.RougeL;
import dev.hanlm.studio.prompt.StudioParameters;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a {@link TitleGenerator} on an evaluation set: for each event the top candidate (the best that passes the
 * rules, else the best) against the reference title, as corpus BLEU and mean ROUGE-L F1 over characters (Korean titles
 * are short and agglutinative, so words rarely match whole); the share of events whose top candidate passes the rules,
 * and the share of all candidates that pass. An event without any candidate counts as an empty title that fails.
 */
public final class TitleEvaluation {
    /** Figures in percent, and each event's top title. */
    public record Result(int events, double bleu, double rougeL, double topPassRate, double candidatePassRate, List<String> titles) {}

    private TitleEvaluation() {}

    public static Result run(TitleGenerator generator, List<TitledEvent> set, int n, StudioParameters parameters) {
        List<String> titles = new ArrayList<>(), references = new ArrayList<>();
        int topPass = 0, candidates = 0, candidatesPass = 0;
        for (TitledEvent event : set) {
            List<TitleCandidate> ranked = generator.candidates(event.fields(), n, parameters);
            candidates += ranked.size();
            candidatesPass += (int) ranked.stream().filter(TitleCandidate::passes).count();
            TitleCandidate top = ranked.isEmpty() ? null : ranked.getFirst();
            if (top != null && top.passes()) topPass++;
            titles.add(top == null ? "" : top.text());
            references.add(event.title());
        }
        return new Result(set.size(), Bleu.corpus(titles, references, Bleu.Tokenization.CHAR).bleu(),
                RougeL.corpus(titles, references, Bleu.Tokenization.CHAR), 100.0 * topPass / set.size(),
                candidates == 0 ? 0 : 100.0 * candidatesPass / candidates, titles);
    }
}

package dev.hanlm.studio.apps;

import dev.hanlm.studio.Backend;
import dev.hanlm.studio.Completion;
import dev.hanlm.studio.CompletionListener;
import dev.hanlm.studio.CompletionRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A model that answers every prompt with the same text (after a space, as after an output label) and keeps the prompts it got. */
final class ConstantBackend implements Backend {
    private final String id;
    private final String answer;
    final List<String> prompts = new CopyOnWriteArrayList<>();

    ConstantBackend(String id, String answer) {
        this.id = id;
        this.answer = answer;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Completion complete(CompletionRequest request, CompletionListener listener) {
        prompts.add(((CompletionRequest.TextPrompt) request.prompt()).text());
        Completion.Choice choice = new Completion.Choice(0, " " + answer, Completion.STOP, List.of(), 2);
        listener.onDelta(0, choice.text(), List.of());
        listener.onChoiceEnd(choice);
        return new Completion(List.of(choice), 7, 2);
    }

    @Override
    public int waiting() {
        return 0;
    }

    @Override
    public void close() {}
}

package dev.hanlm.eval;

import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.Generator;
import java.util.List;

/** Generation tasks: greedy decoding after the prompt until a newline or the task's token limit; the answer is trimmed. */
final class GreedyAnswerer implements ItemRunner {
    private final Task task;
    private final Generator generator;
    private final PromptWriter prompts;
    private final GenerationOptions options;

    GreedyAnswerer(Task task, Generator generator, PromptWriter prompts) {
        this.task = task;
        this.generator = generator;
        this.prompts = prompts;
        this.options = GenerationOptions.defaults().withTemperature(0).withMaxTokens(task.maxTokens())
                .withStop(List.of(Task.STOP));
    }

    @Override
    public EvalResult.Item run(Example item, List<Example> shots) {
        Prompts.Prompt prompt = prompts.fit(shots, item.fields(), task.maxTokens());
        String answer = generator.generate(prompt.ids(), options).text().strip();
        return new EvalResult.Item(item.id(), item.answers(), answer, prompt.shots(), prompt.truncated(), null);
    }
}

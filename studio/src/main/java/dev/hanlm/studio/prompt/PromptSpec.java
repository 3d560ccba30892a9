package dev.hanlm.studio.prompt;

import java.util.List;

/**
 * A Studio prompt as its author wrote it: an instruction, few-shot examples, and how each example is laid out.
 * {@link #render} assembles the text the model continues, the same way in the playground, a deployed App and the CLI
 * applications, so that what is tried is what ships. The layout is HyperCLOVA Studio's:
 * <pre>
 * instruction
 *
 * 입력: example input
 * 출력: example output
 * ###
 * 입력: the input
 * 출력:</pre>
 * The separator also ends a generation (see {@link #stopSequences}), so the model's next example is never shown.
 *
 * @param instruction what the task is, in plain words; may be empty
 * @param examples    input/output pairs, in order
 * @param inputLabel  the label before each input, {@value #INPUT_LABEL} by default
 * @param outputLabel the label before each output, {@value #OUTPUT_LABEL} by default
 * @param separator   the line between examples, {@value #SEPARATOR} by default
 */
public record PromptSpec(String instruction, List<PromptExample> examples, String inputLabel, String outputLabel, String separator) {
    public static final String INPUT_LABEL = "입력";
    public static final String OUTPUT_LABEL = "출력";
    public static final String SEPARATOR = "###";

    public PromptSpec {
        instruction = instruction == null ? "" : instruction.strip();
        examples = examples == null ? List.of() : List.copyOf(examples);
        inputLabel = inputLabel == null || inputLabel.isBlank() ? INPUT_LABEL : inputLabel.strip();
        outputLabel = outputLabel == null || outputLabel.isBlank() ? OUTPUT_LABEL : outputLabel.strip();
        separator = separator == null || separator.isBlank() ? SEPARATOR : separator.strip();
    }

    /** An instruction and examples with the default labels and separator. */
    public static PromptSpec of(String instruction, List<PromptExample> examples) {
        return new PromptSpec(instruction, examples, null, null, null);
    }

    /** The text the model continues to answer {@code input}: it ends with the output label, the answer comes next. */
    public String render(String input) {
        StringBuilder text = new StringBuilder();
        if (!instruction.isEmpty()) text.append(instruction).append("\n\n");
        for (PromptExample example : examples) {
            appendTurn(text, example.input());
            text.append(' ').append(example.output().strip()).append('\n').append(separator).append('\n');
        }
        appendTurn(text, input == null ? "" : input);
        return text.toString();
    }

    /** Where a generated answer ends: at the separator, or where the model starts the next input. */
    public List<String> stopSequences() {
        return List.of(separator, "\n" + inputLabel + ":");
    }

    private void appendTurn(StringBuilder text, String input) {
        text.append(inputLabel).append(": ").append(input.strip()).append('\n').append(outputLabel).append(':');
    }
}

package dev.hanlm.cli;

import dev.hanlm.engine.LanguageModel;
import dev.hanlm.tokenizer.CorpusReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The input of the commands that take a text or token ids, and their UTF-8 output. */
final class Prompts {
    private Prompts() {}

    /**
     * The ids given with {@code --ids}, or the text (standard input when absent) encoded as Hugging Face's
     * {@code tokenizer(text)} does, with the post-processor's special tokens (a Llama tokenizer's BOS).
     */
    static int[] ids(LanguageModel model, String text, int[] ids, CommandLine cli) throws IOException {
        if (text != null && ids != null) throw new CommandLine.ParameterException(cli, "give either a text or --ids, not both");
        if (ids != null) return ids;
        String input = text != null ? text : readStdin();
        return ModelOptions.tokenizer(model, "to encode the text (give token ids with --ids instead)").encode(input, true);
    }

    /** Standard output as UTF-8, whatever the platform's default. */
    static PrintStream stdout() {
        return new PrintStream(System.out, true, StandardCharsets.UTF_8);
    }

    static String readStdin() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.in.transferTo(bytes);
        return CorpusReader.decodeUtf8(bytes.toByteArray());
    }
}

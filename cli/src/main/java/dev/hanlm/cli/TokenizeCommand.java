package dev.hanlm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.tokenizer.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = {"Split text into tokens and print them.",
                "By default the pieces are printed separated by '" + TokenizeCommand.MARKER + "'; --json prints {\"ids\":[...],\"tokens\":[...]}.",
                "Without TEXT, reads standard input (invalid UTF-8 is read as U+FFFD)."})
final class TokenizeCommand implements Callable<Integer> {
    static final String MARKER = "│";

    @Option(names = "--tokenizer", paramLabel = "DIR", description = "A tokenizer directory or tokenizer.json (default: the bundled Korean tokenizer).")
    Path tokenizerPath;

    @Option(names = "--json", description = "Print ids and tokens as JSON.")
    boolean json;

    @Parameters(arity = "0..1", paramLabel = "TEXT", description = "The text to tokenize.")
    String text;

    @Override
    public Integer call() throws Exception {
        Tokenizer tokenizer = tokenizerPath == null ? Bundled.tokenizer() : Tokenizer.load(tokenizerPath);
        String input = text != null ? text : readStdin();
        int[] ids = tokenizer.encode(input);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            var idArray = root.putArray("ids");
            var tokenArray = root.putArray("tokens");
            for (int id : ids) {
                idArray.add(id);
                tokenArray.add(tokenizer.token(id));
            }
            out.println(mapper.writeValueAsString(root));
        } else {
            StringJoiner pieces = new StringJoiner(MARKER);
            for (int id : ids) pieces.add(visible(tokenizer.tokenText(id)));
            out.println(pieces);
        }
        return 0;
    }

    /** Line breaks and tabs inside a piece are shown as escapes so that one text prints on one line. */
    private static String visible(String piece) {
        return piece.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }

    private static String readStdin() throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.in.transferTo(bytes);
        return dev.hanlm.tokenizer.CorpusReader.decodeUtf8(bytes.toByteArray());
    }
}

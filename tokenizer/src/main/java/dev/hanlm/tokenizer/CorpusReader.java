package dev.hanlm.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads documents from corpus files: plain text (one document a line), JSONL (a text field), and
 * WikiExtractor output ({@code <doc ...>} ... {@code </doc>}), each optionally gzip-compressed. The
 * kind is told from the content, so file names do not matter: a file whose first non-blank line is a
 * JSON object is JSONL, one that starts with {@code <doc} is WikiExtractor output, any other is text. Invalid UTF-8 is read as U+FFFD.
 */
public final class CorpusReader {
    public enum Format { TEXT, JSONL, WIKIEXTRACTOR }

    private final String textField;

    public CorpusReader(String textField) {
        this.textField = textField;
    }

    public CorpusReader() {
        this("text");
    }

    /** Opens a file for reading text, decompressing gzip (told by its magic bytes) and replacing invalid UTF-8. */
    public static BufferedReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new TokenizerException(file + " does not exist or is not a file");
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        if (b0 == 0x1F && b1 == 0x8B) in = new GZIPInputStream(in, 1 << 16);
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
    }

    /** Decodes UTF-8, reading each malformed sequence as U+FFFD (the same rule as for corpus files). */
    public static String decodeUtf8(byte[] bytes) {
        return Decoder.utf8Lossy(bytes);
    }

    public Format detect(Path file) throws IOException {
        try (BufferedReader r = open(file)) {
            for (String line; (line = r.readLine()) != null; ) {
                String t = line.strip();
                if (t.isEmpty()) continue;
                if (t.startsWith("<doc")) return Format.WIKIEXTRACTOR;
                if (t.startsWith("{")) return isJsonObject(t) ? Format.JSONL : Format.TEXT;
                return Format.TEXT;
            }
        }
        return Format.TEXT;
    }

    private static boolean isJsonObject(String line) {
        try {
            return TokenizerJson.MAPPER.readTree(line).isObject();
        } catch (IOException notJson) {
            return false;
        }
    }

    /** Calls {@code documents} once for each non-empty document of the file. */
    public void read(Path file, Consumer<String> documents) throws IOException {
        Format format = detect(file);
        try (BufferedReader r = open(file)) {
            switch (format) {
                case TEXT -> readLines(r, documents);
                case JSONL -> readJsonl(file, r, documents);
                case WIKIEXTRACTOR -> readWikiExtractor(r, documents);
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void readLines(BufferedReader r, Consumer<String> documents) throws IOException {
        for (String line; (line = r.readLine()) != null; ) if (!line.isBlank()) documents.accept(line);
    }

    private void readJsonl(Path file, BufferedReader r, Consumer<String> documents) throws IOException {
        int lineNumber = 0;
        for (String line; (line = r.readLine()) != null; ) {
            lineNumber++;
            if (line.isBlank()) continue;
            JsonNode node;
            try {
                node = TokenizerJson.MAPPER.readTree(line);
            } catch (IOException e) {
                throw new TokenizerException(file + " line " + lineNumber + " is not valid JSON");
            }
            JsonNode text = node.get(textField);
            if (text == null || !text.isTextual()) {
                throw new TokenizerException(file + " line " + lineNumber + " has no text field '" + textField + "'");
            }
            if (!text.asText().isBlank()) documents.accept(text.asText());
        }
    }

    private static void readWikiExtractor(BufferedReader r, Consumer<String> documents) throws IOException {
        StringBuilder doc = new StringBuilder();
        boolean inDoc = false;
        for (String line; (line = r.readLine()) != null; ) {
            if (line.startsWith("<doc")) {
                inDoc = true;
                doc.setLength(0);
            } else if (line.startsWith("</doc>")) {
                if (!doc.isEmpty() && !doc.toString().isBlank()) documents.accept(doc.toString().strip());
                inDoc = false;
            } else if (inDoc) {
                doc.append(line).append('\n');
            }
        }
    }
}

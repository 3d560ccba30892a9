package dev.hanlm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Documents out of plain text, JSONL and WikiExtractor files, gzip-compressed or not, told apart by content. */
class CorpusReaderTest {
    @TempDir
    Path dir;

    @Test
    void plainTextIsOneDocumentALineWithoutBlankLines() throws IOException {
        Path file = write("a.txt", "첫 리뷰\n\n   \n둘째 리뷰 \n\t셋째\n");
        assertEquals(CorpusReader.Format.TEXT, new CorpusReader().detect(file));
        assertEquals(List.of("첫 리뷰", "둘째 리뷰 ", "\t셋째"), read(new CorpusReader(), file));
    }

    @Test
    void jsonlReadsTheTextField() throws IOException {
        Path file = write("a.jsonl", """
                {"id": 1, "text": "첫 문서"}

                {"id": 2, "text": "둘째 줄이\\n있는 문서"}
                {"id": 3, "text": "   "}
                """);
        assertEquals(CorpusReader.Format.JSONL, new CorpusReader().detect(file));
        assertEquals(List.of("첫 문서", "둘째 줄이\n있는 문서"), read(new CorpusReader(), file));
        Path other = write("b.jsonl", "{\"document\": \"리뷰\", \"label\": 1}\n");
        assertEquals(List.of("리뷰"), read(new CorpusReader("document"), other));
    }

    @Test
    void aJsonlLineWithoutTheFieldIsNamed() throws IOException {
        Path file = write("a.jsonl", "{\"text\": \"좋아요\"}\n{\"body\": \"글\"}\n");
        TokenizerException e = assertThrows(TokenizerException.class, () -> read(new CorpusReader(), file));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("'text'") && e.getMessage().contains(file.toString()), e.getMessage());
        Path number = write("b.jsonl", "{\"text\": \"좋아요\"}\n{\"text\": 5}\n");
        e = assertThrows(TokenizerException.class, () -> read(new CorpusReader(), number));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void textThatMerelyStartsWithABraceIsText() throws IOException {
        Path file = write("a.txt", "{중괄호로 시작하는 리뷰} 최고\n둘째 리뷰\n");
        assertEquals(CorpusReader.Format.TEXT, new CorpusReader().detect(file));
        assertEquals(List.of("{중괄호로 시작하는 리뷰} 최고", "둘째 리뷰"), read(new CorpusReader(), file));
    }

    @Test
    void aLineThatIsNotJsonIsNamed() throws IOException {
        Path file = write("a.jsonl", "{\"text\": \"좋아요\"}\n\n{\"text\": \"깨진 줄\n");
        TokenizerException e = assertThrows(TokenizerException.class, () -> read(new CorpusReader(), file));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void wikiExtractorDocumentsLoseTheirTags() throws IOException {
        List<String> docs = read(new CorpusReader(), TestCorpus.kowiki());
        long tags = TestCorpus.lines(TestCorpus.kowiki()).stream().filter(l -> l.startsWith("<doc ")).count();
        assertEquals(CorpusReader.Format.WIKIEXTRACTOR, new CorpusReader().detect(TestCorpus.kowiki()));
        assertEquals(tags, docs.size());
        assertTrue(docs.getFirst().startsWith("지미 카터\n"), "the body starts with the title line: " + docs.getFirst().substring(0, 20));
        for (String doc : docs) {
            assertFalse(doc.contains("<doc") || doc.contains("</doc>"), doc.substring(0, Math.min(60, doc.length())));
            assertEquals(doc.strip(), doc);
        }
    }

    @Test
    void wikiExtractorSkipsEmptyDocuments() throws IOException {
        Path file = write("wiki", "<doc id=\"1\" title=\"빈 문서\">\n\n</doc>\n<doc id=\"2\" title=\"문서\">\n문서\n\n본문 첫 줄\n</doc>\n");
        assertEquals(List.of("문서\n\n본문 첫 줄"), read(new CorpusReader(), file));
    }

    @Test
    void gzipIsDetectedByContentNotByName() throws IOException {
        Path text = write("text.txt", "첫 리뷰\n둘째 리뷰\n");
        Path jsonl = write("data.jsonl", "{\"text\": \"첫 문서\"}\n");
        for (Path plain : List.of(text, jsonl, TestCorpus.kowiki())) {
            // compressed files with misleading names, and a plain file named .gz
            Path gz = Files.write(dir.resolve(plain.getFileName() + ".copy.txt"), gzip(Files.readAllBytes(plain)));
            Path fake = Files.write(dir.resolve(plain.getFileName() + ".fake.gz"), Files.readAllBytes(plain));
            List<String> expected = read(new CorpusReader(), plain);
            assertFalse(expected.isEmpty());
            assertEquals(new CorpusReader().detect(plain), new CorpusReader().detect(gz));
            assertEquals(expected, read(new CorpusReader(), gz));
            assertEquals(expected, read(new CorpusReader(), fake));
        }
    }

    @Test
    void invalidUtf8IsReadAsReplacementCharacters() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("가".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xFF); // never valid in UTF-8
        bytes.writeBytes("나".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xEB); // the first byte of a three-byte character, cut off by the newline
        bytes.writeBytes("\n다\n".getBytes(StandardCharsets.UTF_8));
        Path file = Files.write(dir.resolve("broken.txt"), bytes.toByteArray());
        Path gz = Files.write(dir.resolve("broken.gz"), gzip(bytes.toByteArray()));
        assertEquals(List.of("가\uFFFD나\uFFFD", "다"), read(new CorpusReader(), file));
        assertEquals(List.of("가\uFFFD나\uFFFD", "다"), read(new CorpusReader(), gz));
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("missing.txt");
        TokenizerException e = assertThrows(TokenizerException.class, () -> read(new CorpusReader(), missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static List<String> read(CorpusReader reader, Path file) throws IOException {
        List<String> out = new ArrayList<>();
        reader.read(file, out::add);
        return out;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}

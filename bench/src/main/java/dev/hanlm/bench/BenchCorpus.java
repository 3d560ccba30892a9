package dev.hanlm.bench;

import dev.hanlm.tokenizer.CorpusReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Documents for the benches. NSMC's TSV ({@code id, document, label}, optionally gzip) gives its document
 * column; any other file goes through hanlm's {@link CorpusReader} (WikiExtractor, JSONL or plain lines).
 */
final class BenchCorpus {
    static final String NSMC_HEADER = "id\tdocument\tlabel";

    private BenchCorpus() {}

    /** A named group of documents, e.g. one corpus. */
    record Source(String name, List<String> texts, long bytes) {
        static Source of(String name, List<String> texts) {
            return new Source(name, List.copyOf(texts), texts.stream().mapToLong(t -> t.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum());
        }
    }

    /** The documents of a file, or of every file in a folder (sorted by name). */
    static List<String> documents(Path fileOrDir) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path file : files(fileOrDir)) {
            if (isNsmc(file)) {
                try (BufferedReader r = CorpusReader.open(file)) {
                    r.readLine();
                    for (String line; (line = r.readLine()) != null; ) {
                        String[] cols = line.split("\t", -1);
                        if (cols.length == 3 && !cols[1].isBlank()) out.add(cols[1]);
                    }
                }
            } else {
                new CorpusReader().read(file, out::add);
            }
        }
        return out;
    }

    static List<Path> files(Path fileOrDir) throws IOException {
        if (!Files.isDirectory(fileOrDir)) return List.of(fileOrDir);
        try (Stream<Path> s = Files.list(fileOrDir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static boolean isNsmc(Path file) throws IOException {
        try (BufferedReader r = CorpusReader.open(file)) {
            return NSMC_HEADER.equals(r.readLine());
        }
    }

    /** The trainer reads one document a line; NSMC's TSV is rewritten as its document column so ids and labels are not learned. */
    static Path asTrainerInput(Path file, Path workDir) {
        try {
            if (!isNsmc(file)) return file;
            Path out = workDir.resolve(file.getFileName().toString().replaceAll("(\\.txt)?(\\.gz)?$", "") + ".documents.txt");
            if (!Files.exists(out)) {
                Path tmp = Files.createTempFile(workDir, ".nsmc", ".tmp");
                Files.write(tmp, documents(file), StandardCharsets.UTF_8);
                Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.hanlm.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The Korean samples under src/test/resources/corpus. */
final class TestCorpus {
    private TestCorpus() {}

    static Path nsmc() {
        return resource("corpus/nsmc-test-sample.txt");
    }

    static Path kowiki() {
        return resource("corpus/kowiki-sample.txt");
    }

    static List<Path> both() {
        return List.of(nsmc(), kowiki());
    }

    /** The first {@code n} lines of the NSMC sample, as a file of their own (for quicker training). */
    static Path nsmcHead(int n) {
        try {
            Path file = Files.createTempFile("nsmc-head-" + n + "-", ".txt");
            file.toFile().deleteOnExit();
            Files.write(file, lines(nsmc()).subList(0, n));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(TestCorpus.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

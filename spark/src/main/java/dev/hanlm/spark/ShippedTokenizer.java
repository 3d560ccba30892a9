package dev.hanlm.spark;

import dev.hanlm.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A tokenizer directory's files carried to the executors (a broadcast), loaded once per executor JVM: the executors
 * of a cluster need not see the driver's disk.
 */
final class ShippedTokenizer implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Tokenizer> LOADED = new ConcurrentHashMap<>();
    private final String id;
    private final Map<String, byte[]> files;

    private ShippedTokenizer(String id, Map<String, byte[]> files) {
        this.id = id;
        this.files = files;
    }

    static ShippedTokenizer of(Path dir, String sha256) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path file : entries.filter(Files::isRegularFile).sorted().toList()) files.put(file.getFileName().toString(), Files.readAllBytes(file));
        }
        return new ShippedTokenizer(sha256, files);
    }

    Tokenizer tokenizer() {
        return LOADED.computeIfAbsent(id, key -> {
            try {
                Path dir = Files.createTempDirectory("hanlm-tokenizer");
                for (Map.Entry<String, byte[]> file : files.entrySet()) Files.write(dir.resolve(file.getKey()), file.getValue());
                Tokenizer tokenizer = Tokenizer.load(dir);
                for (String name : files.keySet()) Files.delete(dir.resolve(name));
                Files.delete(dir);
                return tokenizer;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}

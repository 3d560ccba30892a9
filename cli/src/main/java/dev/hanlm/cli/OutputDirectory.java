package dev.hanlm.cli;

import dev.hanlm.tokenizer.TokenizerException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An output directory that appears whole or not at all: the command writes into a hidden sibling,
 * which is renamed into place only when it is complete. An interrupted run leaves the target untouched.
 */
final class OutputDirectory implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final boolean replace;
    private boolean committed;

    OutputDirectory(Path target, boolean replace) throws IOException {
        this.target = target.toAbsolutePath().normalize();
        this.replace = replace;
        if (Files.exists(this.target) && !Files.isDirectory(this.target)) throw new TokenizerException(target + " exists and is not a directory");
        if (!replace && isNonEmptyDirectory(this.target)) {
            throw new TokenizerException(target + " already exists and is not empty; choose another --output or pass --force to replace it");
        }
        Path parent = this.target.getParent();
        Files.createDirectories(parent);
        // not createTempDirectory: its owner-only permissions would carry over to the result
        this.staging = Files.createDirectory(parent.resolve("." + this.target.getFileName() + ".partial-" + System.nanoTime()));
    }

    Path staging() {
        return staging;
    }

    void commit() throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        if (old != null) deleteTree(old);
    }

    @Override
    public void close() throws IOException {
        if (!committed) deleteTree(staging);
    }

    private static boolean isNonEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (DirectoryNotEmptyException raced) {
                    // another process wrote into it meanwhile; leave it
                }
            }
        }
    }
}

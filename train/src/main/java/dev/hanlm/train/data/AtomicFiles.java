package dev.hanlm.train.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A file is written under a hidden temporary name beside its target and moved into place when complete. */
final class AtomicFiles {
    private AtomicFiles() {}

    static Path temporary(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp-" + System.nanoTime());
    }

    static void moveIntoPlace(Path temporary, Path target) throws IOException {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static void write(Path target, byte[] bytes) throws IOException {
        Path temporary = temporary(target);
        try {
            Files.write(temporary, bytes);
            moveIntoPlace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}

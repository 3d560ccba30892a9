package dev.hanlm.cli;

import dev.hanlm.engine.EngineException;
import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.tokenizer.TokenizerException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What ships with hanlm so that commands work with no download: the Korean tokenizer (inside the jar) and the
 * Korean model {@code models/hanlm-mini-ko} (in the checkout, beside the launcher, since the engine memory-maps it).
 */
final class Bundled {
    static final String TOKENIZER = "/bundled/tokenizer/tokenizer.json";
    static final String MODEL = "models/hanlm-mini-ko";

    private Bundled() {}

    static Tokenizer tokenizer() {
        return Tokenizer.load(resource(TOKENIZER).getParent());
    }

    /**
     * The bundled model's directory: under {@code -Dhanlm.home} (the launcher sets it to the checkout), else under the
     * nearest folder above the working directory or above the jar that holds it.
     */
    static Path model() {
        List<Path> starts = new ArrayList<>();
        String home = System.getProperty("hanlm.home");
        if (home != null) starts.add(Path.of(home));
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(Bundled.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | NullPointerException unknown) {
            // no code location: the other places still count
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve(MODEL).resolve("config.json"))) return dir.resolve(MODEL);
            }
        }
        throw new EngineException("no --model was given and the bundled model " + MODEL + " is not beside this hanlm; pass --model DIR");
    }

    /** A bundled file as a Path, whether the classes run from a jar or from a build folder. */
    static Path resource(String name) {
        URL url = Bundled.class.getResource(name);
        if (url == null) throw new TokenizerException("this build of hanlm has no bundled " + name + "; rebuild it or pass the file explicitly");
        try {
            URI uri = url.toURI();
            if (!uri.getScheme().equals("jar")) return Path.of(uri);
            try {
                FileSystems.newFileSystem(uri, Map.of());
            } catch (FileSystemAlreadyExistsException alreadyOpen) {
                // opened by an earlier call
            }
            return Path.of(uri);
        } catch (URISyntaxException | IOException e) {
            throw new TokenizerException("cannot open the bundled " + name + ": " + e.getMessage(), e);
        }
    }
}

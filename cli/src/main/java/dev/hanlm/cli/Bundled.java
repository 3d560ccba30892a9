package dev.hanlm.cli;

import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.tokenizer.TokenizerException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;

/** What ships inside the hanlm jar so that commands work with no download: the Korean tokenizer. */
final class Bundled {
    static final String TOKENIZER = "/bundled/tokenizer/tokenizer.json";

    private Bundled() {}

    static Tokenizer tokenizer() {
        return Tokenizer.load(resource(TOKENIZER).getParent());
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

package dev.hanlm.studio.apps;

import dev.hanlm.studio.RequestException;
import dev.hanlm.train.TrainingException;
import dev.hanlm.train.ptune.TunedPrompt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The p-tuned prompts the Studio made, each a {@link TunedPrompt} directory {@code tuned-prompts/ID} under the data
 * directory; a tuning job fills a hidden staging directory and moves it into place when it ends, so a directory with
 * an id is always whole.
 */
public final class TunedPrompts {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final Path root;
    private final Map<String, TunedPrompt> loaded = new ConcurrentHashMap<>();

    public TunedPrompts(Path dataDir) {
        this.root = dataDir.resolve("tuned-prompts");
    }

    /** Where the prompt {@code id} lives; an id that is not a plain name is refused. */
    public Path dir(String id) {
        if (id == null || !ID.matcher(id).matches()) throw RequestException.invalid("spec.tunedPrompt", "'" + id + "' is not a tuned prompt id");
        return root.resolve(id);
    }

    /** Where a tuning job writes until it ends. */
    Path staging(String id) {
        return root.resolve("." + id + ".tmp");
    }

    /** Moves a finished job's prompt into place. */
    void publish(String id) {
        try {
            Files.move(staging(id), dir(id), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the tuned prompt " + id + " into place", e);
        }
    }

    public boolean exists(String id) {
        return Files.isRegularFile(dir(id).resolve(TunedPrompt.INFO_FILE));
    }

    /** The prompt {@code id}; 404 {@code tuned_prompt_not_found} when there is none. */
    public TunedPrompt get(String id) {
        if (!exists(id)) throw new RequestException(404, "spec.tunedPrompt", "tuned_prompt_not_found", "there is no tuned prompt '" + id + "'");
        return loaded.computeIfAbsent(id, i -> {
            try {
                return TunedPrompt.read(dir(i));
            } catch (TrainingException e) {
                throw RequestException.invalid("spec.tunedPrompt", e.getMessage());
            }
        });
    }

    /** The ids of the finished prompts, in name order. */
    public List<String> ids() {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> dirs = Files.list(root)) {
            List<String> ids = new ArrayList<>(dirs.map(p -> p.getFileName().toString()).filter(n -> ID.matcher(n).matches()).filter(this::exists).toList());
            ids.sort(null);
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }
}

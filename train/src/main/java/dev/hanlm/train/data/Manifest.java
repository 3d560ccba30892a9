package dev.hanlm.train.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hanlm.train.AtomicFiles;
import dev.hanlm.train.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}, the description of a prepared data directory: which tokenizer made it, what each
 * input gave, what each filter removed, how much personal data was replaced, how the validation split was chosen, and the shards of each split.
 * See docs/DATA.md for the fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(String format, int formatVersion, TokenizerInfo tokenizer, CleaningSettings cleaning,
                       List<Source> sources, List<FilterCount> filters, SplitRule split, Map<String, SplitFiles> splits,
                       MegatronFiles megatron, Map<String, Long> piiReplaced) {
    public static final String FILE = "manifest.json";
    public static final String FORMAT = "hanlm-token-shards";
    public static final int FORMAT_VERSION = 1;
    /** Snake-case JSON, as every file of a prepared directory and the data settings are written. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * @param path   where the tokenizer was read from
     * @param copy   its copy inside the prepared directory
     * @param sha256 of {@code tokenizer.json}; settingsSha256 of {@code hanlm-tokenizer.json} when there is one
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenizerInfo(String path, String copy, String sha256, String settingsSha256, int vocabSize, int eosId, String eosToken) {}

    /** @param bytesRead the documents' UTF-8 bytes; tokens written for the kept documents, end-of-text tokens included */
    public record Source(String path, long documentsRead, long documentsKept, long tokens, long bytesRead) {}

    public record FilterCount(String name, long documentsRemoved) {}

    public record SplitRule(double valFraction, String method) {}

    public record SplitFiles(long documents, long tokens, List<Shard> shards) {}

    public record Shard(String file, long documents, long tokens) {}

    /** Path prefixes (without .bin/.idx) relative to the directory, and the dtype of the .bin files. */
    public record MegatronFiles(String train, String val, String dtype) {}

    public SplitFiles splitFiles(TokenDataset.Split which) {
        SplitFiles files = splits == null ? null : splits.get(which.key());
        return files == null ? new SplitFiles(0, 0, List.of()) : files;
    }

    public void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(FILE), JSON.writeValueAsBytes(this));
    }

    public static Manifest read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new TrainingException(dir + " has no " + FILE + "; is it a directory made by 'hanlm data prepare'?");
        }
        Manifest manifest;
        try {
            manifest = JSON.readValue(file.toFile(), Manifest.class);
        } catch (JsonProcessingException e) {
            throw new TrainingException(file + " is not a valid manifest: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TrainingException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(manifest.format()) || manifest.tokenizer() == null) {
            throw new TrainingException(file + " is not a manifest of token shards (format '" + manifest.format() + "')");
        }
        if (manifest.formatVersion() > FORMAT_VERSION) {
            throw new TrainingException(file + " has format version " + manifest.formatVersion() + "; this hanlm reads up to " + FORMAT_VERSION);
        }
        return manifest;
    }
}

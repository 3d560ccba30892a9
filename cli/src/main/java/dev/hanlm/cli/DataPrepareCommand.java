package dev.hanlm.cli;

import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.train.TrainingException;
import dev.hanlm.train.data.CleaningSettings;
import dev.hanlm.train.data.CorpusPreparer;
import dev.hanlm.train.data.Manifest;
import dev.hanlm.train.data.ManifestSummary;
import dev.hanlm.train.data.PrepareConfig;
import dev.hanlm.train.data.TokenDataset;
import dev.hanlm.train.data.ValidationSplit;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {"Clean a Korean corpus and tokenize it into memory-mapped token shards for 'hanlm train'.",
                "Inputs may be plain text (a document a line), JSONL (--text-field) or WikiExtractor <doc> files, each optionally gzip-compressed.",
                "Each document is normalized (NFC, white space), then dropped if too short, mostly non-Korean, repeated-character "
                        + "or jamo spam, profane, low in quality (when asked), or an exact or near duplicate; personal data in the rest is "
                        + "replaced by placeholders, and it is tokenized on all cores and ends with the end-of-text token.",
                "--engine spark runs the same stages on Apache Spark (--master); see docs/DATA.md and docs/SCALE.md.",
                "The output holds train-NNNNN.tok and val-NNNNN.tok shards, manifest.json and a copy of the tokenizer; "
                        + "see docs/DATA.md."})
final class DataPrepareCommand implements Callable<Integer> {
    @Option(names = "--tokenizer", required = true, paramLabel = "DIR", description = "The tokenizer directory (with tokenizer.json); it must have <|endoftext|>.")
    Path tokenizerPath;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE", description = "Corpus files (with --engine spark also directories, globs and Hadoop filesystem URIs).")
    List<String> inputs;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory to write; it appears only when preparation succeeds.")
    Path output;

    @Option(names = "--force", description = "Replace an existing, non-empty output directory.")
    boolean force;

    @Option(names = "--val-fraction", defaultValue = "0.01", paramLabel = "F",
            description = "Share of documents for validation, chosen by document hash so every run picks the same (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--format", defaultValue = "hanlm", paramLabel = "KIND",
            description = "hanlm (token shards only, the default) or megatron (also Megatron-LM's .bin/.idx per split under megatron/).")
    String format;

    @Option(names = "--text-field", defaultValue = "text", paramLabel = "NAME", description = "The text field of JSONL inputs (default: ${DEFAULT-VALUE}).")
    String textField;

    @Option(names = "--min-chars", paramLabel = "N", description = "Drop documents with fewer non-space characters (default: ${DEFAULT-VALUE}).")
    int minChars = CleaningSettings.DEFAULTS.minChars();

    @Option(names = "--min-hangul-ratio", paramLabel = "R", description = "Drop documents where Hangul is less than this share of the letters (default: ${DEFAULT-VALUE}).")
    double minHangulRatio = CleaningSettings.DEFAULTS.minHangulRatio();

    @Option(names = "--max-repeated-share", paramLabel = "R",
            description = "Drop documents where more than this share is a 1-4 character unit repeated 4+ times in a row, like ㅋㅋㅋㅋ (default: ${DEFAULT-VALUE}).")
    double maxRepeatedShare = CleaningSettings.DEFAULTS.maxRepeatedShare();

    @Option(names = "--max-jamo-share", paramLabel = "R", description = "Drop documents where lone jamo (ㅋ, ㅠ) are more than this share of the Hangul (default: ${DEFAULT-VALUE}).")
    double maxJamoShare = CleaningSettings.DEFAULTS.maxJamoShare();

    @Option(names = "--dedup", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Drop exact duplicates (after normalization) of an earlier document (default: ${DEFAULT-VALUE}).")
    boolean dedup;

    @Option(names = "--max-profanity-share", paramLabel = "R",
            description = "Drop documents where profanity (the badwords-ko lexicon) is more than this share of the characters; 1 turns it off (default: ${DEFAULT-VALUE}).")
    double maxProfanityShare = CleaningSettings.DEFAULTS.maxProfanityShare();

    @Option(names = "--min-quality", paramLabel = "P",
            description = "Drop documents the quality classifier scores below this probability; 0 turns it off, docs/DATA.md suggests 0.5 (default: ${DEFAULT-VALUE}).")
    double minQuality = CleaningSettings.DEFAULTS.minQuality();

    @Option(names = "--pii", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Replace personal data (phone, e-mail, resident registration, card, account, passport, licence numbers) by placeholders (default: ${DEFAULT-VALUE}).")
    boolean anonymizePii;

    @Option(names = "--near-dedup", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Drop near-duplicates of an earlier document by MinHash LSH (default: ${DEFAULT-VALUE}).")
    boolean nearDedup;

    @Option(names = "--engine", defaultValue = "local", paramLabel = "KIND",
            description = "local (this process, the default) or spark (the same stages on Apache Spark; see docs/SCALE.md).")
    String engine;

    @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL", description = "The Spark master with --engine spark (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--shard-tokens", paramLabel = "N", description = "The most tokens in one shard (default: ${DEFAULT-VALUE}).")
    long shardTokens = PrepareConfig.DEFAULT_SHARD_TOKENS;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("hanlm") && !format.equals("megatron")) throw new TrainingException("--format must be hanlm or megatron, not '" + format + "'");
        if (!engine.equals("local") && !engine.equals("spark")) throw new TrainingException("--engine must be local or spark, not '" + engine + "'");
        PrepareConfig config = new PrepareConfig(new CleaningSettings(minChars, minHangulRatio, maxRepeatedShare, maxJamoShare, dedup,
                maxProfanityShare, minQuality, anonymizePii, nearDedup),
                new ValidationSplit(valFraction), shardTokens, format.equals("megatron"), textField);
        if (engine.equals("spark")) {
            try (OutputDirectory out = new OutputDirectory(output, force)) {
                // the Spark driver prints the summary, or the user's error, itself
                int status = SparkDriver.run(SparkDriver.checkout(), tokenizerPath, inputs, out.staging(), master, config);
                if (status != 0) return status;
                Manifest manifest = Manifest.read(out.staging());
                out.commit();
                printNotes(new PrintStream(System.out, true, StandardCharsets.UTF_8), manifest);
            }
            return 0;
        }
        Tokenizer tokenizer = Tokenizer.load(tokenizerPath);
        CorpusPreparer preparer = new CorpusPreparer(tokenizer, tokenizerPath, config);
        Manifest manifest;
        double seconds;
        try (OutputDirectory out = new OutputDirectory(output, force); ProgressBar progress = new ProgressBar(System.err)) {
            manifest = preparer.prepare(inputs.stream().map(Path::of).toList(), out.staging(), (documents, read) -> {
                progress.update("cleaning and tokenizing documents", documents, 0, read);
            });
            out.commit();
            seconds = progress.elapsedSeconds();
        }
        printSummary(new PrintStream(System.out, true, StandardCharsets.UTF_8), manifest, seconds);
        return 0;
    }

    private void printSummary(PrintStream out, Manifest manifest, double seconds) {
        ManifestSummary.print(out, manifest, seconds);
        printNotes(out, manifest);
    }

    private void printNotes(PrintStream out, Manifest manifest) {
        if (valFraction > 0 && manifest.splitFiles(TokenDataset.Split.VALIDATION).documents() == 0) {
            out.println("note: no document fell into validation; the corpus is small for --val-fraction " + valFraction);
        }
        out.println("wrote " + output);
    }
}

package dev.hanlm.cli;

import dev.hanlm.tokenizer.BpeTrainer;
import dev.hanlm.tokenizer.CorpusReader;
import dev.hanlm.tokenizer.TrainerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Learn a byte-level BPE tokenizer from corpus files.",
                "Inputs may be plain text (a document a line), JSONL (--text-field) or WikiExtractor <doc> files, each optionally gzip-compressed.",
                "The output directory holds tokenizer.json (an HF tokenizers file) and, when morpheme-aware, hanlm-tokenizer.json."})
final class TokenizerTrainCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE", description = "Corpus files.")
    List<Path> inputs;

    @Option(names = "--text-field", defaultValue = "text", paramLabel = "NAME", description = "The text field of JSONL inputs (default: ${DEFAULT-VALUE}).")
    String textField;

    @Option(names = "--vocab-size", required = true, paramLabel = "N", description = "Target vocabulary size, special tokens included.")
    int vocabSize;

    @Option(names = "--morpheme-aware", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Cut Korean words at Nori's morpheme boundaries before learning merges (default: ${DEFAULT-VALUE}).")
    boolean morphemeAware;

    @Option(names = "--user-dictionary", paramLabel = "FILE", description = "A Nori user dictionary for the morpheme split.")
    Path userDictionary;

    @Option(names = "--sample", defaultValue = "1.0", paramLabel = "FRACTION", description = "Read this fraction of the documents (default: all).")
    double sample;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--min-frequency", defaultValue = "2", paramLabel = "N", description = "Never merge a pair seen fewer times (default: ${DEFAULT-VALUE}).")
    int minFrequency;

    @Option(names = "--special-token", paramLabel = "TOKEN", description = "Special tokens, in id order (default: <|endoftext|>).")
    List<String> specialTokens = new ArrayList<>(List.of(TrainerConfig.END_OF_TEXT));

    @Option(names = "--normalization", defaultValue = "nfc", paramLabel = "FORM", description = "nfc, nfkc or none (default: ${DEFAULT-VALUE}).")
    String normalization;

    @Option(names = "--alphabet", defaultValue = "byte", paramLabel = "KIND",
            description = "byte (byte-level BPE, the default) or char (char-level BPE with <unk>, like KoGPT2; for comparison).")
    String alphabet;

    @Option(names = "--limit-alphabet", defaultValue = "4000", paramLabel = "N", description = "char alphabet only: keep the N most frequent characters (default: ${DEFAULT-VALUE}).")
    int limitAlphabet;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory to write; it appears only when training succeeds.")
    Path output;

    @Option(names = "--force", description = "Replace an existing, non-empty output directory.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        TrainerConfig config = new TrainerConfig(vocabSize, minFrequency, specialTokens, alphabet(), limitAlphabet,
                morphemeAware && !alphabet.equals("char"), userDictionary, sample, seed, form(), threads);
        if (alphabet.equals("char")) config = config.withCharAlphabet(limitAlphabet);
        try (OutputDirectory out = new OutputDirectory(output, force); ProgressBar progress = new ProgressBar(System.err)) {
            BpeTrainer.Result result = new BpeTrainer(config).train(inputs, new CorpusReader(textField), progress);
            result.tokenizer().save(out.staging());
            out.commit();
            progress.close();
            System.out.printf("trained %s tokenizer: %,d tokens (%,d merges) from %,d documents, %,d characters, %,d distinct pieces in %.1f s%n",
                    description(config), result.tokenizer().vocabSize(), result.merges(), result.documents(), result.characters(),
                    result.distinctWords(), progress.elapsedSeconds());
            if (result.tokenizer().vocabSize() < vocabSize) {
                System.out.printf("note: the corpus had no more pairs seen at least %d times, so the vocabulary stopped at %,d of %,d%n",
                        minFrequency, result.tokenizer().vocabSize(), vocabSize);
            }
            System.out.println("wrote " + output);
        }
        return 0;
    }

    private static String description(TrainerConfig config) {
        if (config.alphabet() == TrainerConfig.Alphabet.CHAR) return "char-level BPE";
        return config.morphemeAware() ? "morpheme-aware byte-level BPE" : "byte-level BPE";
    }

    private TrainerConfig.Alphabet alphabet() {
        return switch (alphabet) {
            case "byte" -> TrainerConfig.Alphabet.BYTE;
            case "char" -> TrainerConfig.Alphabet.CHAR;
            default -> throw new dev.hanlm.tokenizer.TokenizerException("--alphabet must be byte or char, not '" + alphabet + "'");
        };
    }

    private java.text.Normalizer.Form form() {
        return switch (normalization.toLowerCase(java.util.Locale.ROOT)) {
            case "nfc" -> java.text.Normalizer.Form.NFC;
            case "nfkc" -> java.text.Normalizer.Form.NFKC;
            case "none" -> null;
            default -> throw new dev.hanlm.tokenizer.TokenizerException("--normalization must be nfc, nfkc or none, not '" + normalization + "'");
        };
    }
}

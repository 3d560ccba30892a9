package dev.hanlm.cli;

import dev.hanlm.engine.GenerationConfig;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.LoadOptions;
import dev.hanlm.engine.ModelConfig;
import dev.hanlm.engine.RopeScaling;
import dev.hanlm.studio.chat.ChatTemplate;
import dev.hanlm.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Describe a model directory: architecture, sizes, parameters, dtypes, context, tokenizer, files.",
                "--check also reads every weight and fails on the first tensor holding NaN or infinity."})
final class ModelsInspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "0..1", description = "A Hugging Face model directory (default: the bundled hanlm-mini-ko).")
    Path dir;

    @Option(names = "--check", description = "Scan every weight for NaN and infinity.")
    boolean check;

    @Override
    public Integer call() throws IOException {
        Path dir = this.dir == null ? Bundled.model() : this.dir;
        try (LanguageModel m = LanguageModel.load(dir, LoadOptions.defaults().withCheckFinite(check))) {
            ModelConfig c = m.config();
            PrintStream out = Prompts.stdout();
            row(out, "directory", m.directory().toString());
            row(out, "architecture", c.architecture().modelType());
            row(out, "parameters", String.format(Locale.ROOT, "%,d (%s)", m.parameterCount(), scaled(m.parameterCount(), 1000, "", "K", "M", "B", "T")));
            row(out, "dtypes", dtypes(m.fileDtypes()));
            row(out, "context", c.contextLength() + " positions");
            row(out, "layers", Integer.toString(c.layers()));
            row(out, "heads", c.heads() + " query, " + c.kvHeads() + " key/value, " + c.headDim() + " wide");
            row(out, "hidden size", Integer.toString(c.hiddenSize()));
            row(out, "ffn size", Integer.toString(c.intermediateSize()));
            row(out, "vocabulary", c.vocabSize() + " (embeddings " + (c.tiedEmbeddings() ? "tied to the output" : "untied") + ")");
            if (c.ropeTheta() > 0) row(out, "rope", rope(c));
            row(out, "tokenizer", m.tokenizer().map(t -> tokenizer(t, c.vocabSize())).orElse("none (no tokenizer.json)"));
            row(out, "chat", ChatTemplate.read(dir).map(t -> "template in " + ChatTemplate.CONFIG_FILE).orElse("no template (plain format)"));
            row(out, "special ids", special(m.generationConfig()));
            row(out, "weight files", scaled(weightBytes(dir), 1024, " B", " KiB", " MiB", " GiB", " TiB"));
            if (check) row(out, "check", "every weight is finite");
        }
        return 0;
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf(Locale.ROOT, "%-13s %s%n", name, value);
    }

    private static String dtypes(Map<String, Long> counts) {
        StringJoiner j = new StringJoiner(", ");
        counts.forEach((dtype, n) -> j.add(String.format(Locale.ROOT, "%s %,d", dtype, n)));
        return j.toString();
    }

    private static String tokenizer(Tokenizer t, int modelVocab) {
        String kind = (t.model().byteLevel() ? "byte-level BPE" : "character-level BPE") + (t.morphemeAware() ? ", morpheme-aware" : "");
        String fit = t.vocabSize() > modelVocab ? " (more than the model's " + modelVocab + ": the extra ids cannot be run)" : "";
        return kind + ", " + t.vocabSize() + " tokens" + fit;
    }

    private static String rope(ModelConfig c) {
        RopeScaling s = c.ropeScaling();
        String theta = "theta " + c.ropeTheta();
        if (s == null) return theta;
        String scaling = s.kind().name().toLowerCase(Locale.ROOT) + " scaling, factor " + s.factor();
        if (s.kind() == RopeScaling.Kind.LLAMA3) scaling += " (original context " + s.originalContextLength() + ")";
        return theta + ", " + scaling;
    }

    private static String special(GenerationConfig g) {
        return "bos " + (g.bosTokenId() == null ? "none" : g.bosTokenId()) + ", eos " + (g.eosTokenIds().isEmpty() ? "none" : g.eosTokenIds());
    }

    private static long weightBytes(Path dir) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".safetensors")).toList()) total += Files.size(f);
        }
        return total;
    }

    /** 1234567 as "1.2M" (or with base 1024, bytes as "1.2 MiB"). */
    private static String scaled(long n, int base, String... units) {
        double v = n;
        int u = 0;
        while (v >= base && u < units.length - 1) {
            v /= base;
            u++;
        }
        return u == 0 ? n + units[0] : String.format(Locale.ROOT, "%.1f%s", v, units[u]);
    }
}

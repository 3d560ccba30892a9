package dev.hanlm.spark;

import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.tokenizer.TokenizerException;
import dev.hanlm.train.TrainingException;
import dev.hanlm.train.data.Manifest;
import dev.hanlm.train.data.ManifestSummary;
import dev.hanlm.train.data.PrepareConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Spark driver's entry point, for {@code spark-submit --class dev.hanlm.spark.SparkPrepare} and for
 * {@code hanlm data prepare --engine spark}, which starts it with the settings of its own flags as JSON.
 */
@Command(name = "spark-prepare", mixinStandardHelpOptions = true,
        description = "Clean and tokenize a corpus on Spark into hanlm token shards (see docs/DATA.md and docs/SCALE.md).")
public final class SparkPrepare implements Callable<Integer> {
    @Option(names = "--tokenizer", required = true, paramLabel = "DIR", description = "The tokenizer directory, on the driver.")
    Path tokenizerPath;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH",
            description = "Corpus files, directories or globs: local paths or Hadoop filesystem URIs (hdfs://, s3a://, ...).")
    List<String> inputs;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "An empty or new directory on the driver; manifest.json is written last.")
    Path output;

    @Option(names = "--master", paramLabel = "URL", description = "The Spark master, e.g. local[2]; spark-submit sets it otherwise.")
    String master;

    @Option(names = "--settings", paramLabel = "JSON", description = "The preparation settings as JSON (the manifest's field names); default: the defaults.")
    String settings;

    /** The exit code of an error the user can fix, reported in one sentence; anything else exits with 70 and its trace. */
    public static final int USER_ERROR = 1, INTERNAL_ERROR = 70;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new SparkPrepare());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (!(e instanceof TrainingException || e instanceof TokenizerException)) {
                e.printStackTrace(line.getErr());
                return INTERNAL_ERROR;
            }
            line.getErr().println("hanlm: " + e.getMessage());
            return USER_ERROR;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrepareConfig config = settings == null ? PrepareConfig.defaults() : PrepareConfig.fromJson(settings);
        if (Files.isDirectory(output)) {
            try (var entries = Files.list(output)) {
                if (entries.findAny().isPresent()) throw new TrainingException(output + " is not empty; choose an empty or new --output");
            }
        }
        Files.createDirectories(output);
        Tokenizer tokenizer = Tokenizer.load(tokenizerPath);
        // the stage progress bar on the console; the log (log4j2.properties) keeps to warnings so that it shows
        SparkConf conf = new SparkConf().setAppName("hanlm data prepare").setIfMissing("spark.ui.showConsoleProgress", "true");
        if (master != null) conf.setMaster(master);
        long start = System.nanoTime();
        Manifest manifest;
        try (SparkSession session = SparkSession.builder().config(conf).getOrCreate()) {
            JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.sparkContext());
            manifest = new SparkCorpusPreparer(spark, tokenizer, tokenizerPath, config).prepare(inputs, output);
        }
        ManifestSummary.print(new PrintStream(System.out, true, StandardCharsets.UTF_8), manifest, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}

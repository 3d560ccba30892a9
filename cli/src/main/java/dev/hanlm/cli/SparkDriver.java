package dev.hanlm.cli;

import dev.hanlm.train.TrainingException;
import dev.hanlm.train.data.PrepareConfig;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts the spark module's driver ({@code dev.hanlm.spark.SparkPrepare}) in a JVM of its own, with Spark's module
 * options ({@code spark/jvm.options}) and the classpath that the spark module's build writes: Spark stays out of the CLI
 * jar. Like the launcher does for the CLI jar, the module is built when its jar is missing or older than a source it
 * is made of. The child's output (Spark's stage progress, its errors, the summary) comes through this process's.
 */
final class SparkDriver {
    static final String MAIN_CLASS = "dev.hanlm.spark.SparkPrepare";
    /** SparkPrepare's exit code after it has reported a user's error (the CLI cannot import the spark module). */
    static final int USER_ERROR = 1;
    /** The modules the spark jar and its classpath are built from. */
    private static final List<String> MODULES = List.of("tokenizer", "engine", "train", "spark");

    /** The spark module's build output and launch options in a checkout rooted at {@code home}. */
    record Build(Path home) {
        Path jar() {
            return home.resolve("spark/target/hanlm-spark-0.1.0-SNAPSHOT.jar");
        }

        Path classpathFile() {
            return home.resolve("spark/target/classpath.txt");
        }

        Path jvmOptions() {
            return home.resolve("spark/jvm.options");
        }

        Path log() {
            return home.resolve("spark/target/build.log");
        }

        /** True when the jar or its classpath file is missing, or a source, POM or option file is newer than the jar. */
        boolean stale() throws IOException {
            if (!Files.isRegularFile(jar()) || !Files.isRegularFile(classpathFile())) return true;
            FileTime built = Files.getLastModifiedTime(jar());
            if (Files.getLastModifiedTime(home.resolve("pom.xml")).compareTo(built) > 0) return true;
            for (String module : MODULES) {
                for (Path source : List.of(home.resolve(module).resolve("pom.xml"), home.resolve(module).resolve("jvm.options"),
                        home.resolve(module).resolve("src/main"))) {
                    if (!Files.exists(source)) continue;
                    try (Stream<Path> files = Files.walk(source)) {
                        if (files.anyMatch(f -> newer(f, built))) return true;
                    }
                }
            }
            return false;
        }

        /** The Maven command that builds the spark module and what it needs, writing the jar and the classpath file. */
        List<String> command() {
            return List.of(home.resolve("mvnw").toString(), "-B", "-q", "-f", home.resolve("pom.xml").toString(),
                    "-pl", "spark", "-am", "package", "-DskipTests");
        }
    }

    private SparkDriver() {}

    /** The checkout the launcher runs from ({@code -Dhanlm.home}), else the working directory. */
    static Build checkout() {
        return new Build(Path.of(System.getProperty("hanlm.home", ".")).toAbsolutePath().normalize());
    }

    /**
     * Runs the Spark driver; returns 0, or 1 when it stopped at an error of the user's, which it has reported in one
     * sentence (SparkPrepare's exit codes). Any other failure is thrown.
     */
    static int run(Build build, Path tokenizer, List<String> inputs, Path output, String master, PrepareConfig config)
            throws IOException, InterruptedException {
        if (build.stale()) buildModule(build);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process driver = new ProcessBuilder(command(java, build, Files.readString(build.classpathFile()).strip(), tokenizer, inputs,
                output, master, config)).start();
        driver.getOutputStream().close();
        Thread out = pipe(driver.getInputStream(), System.out), err = pipe(driver.getErrorStream(), System.err);
        int status = driver.waitFor();
        out.join();
        err.join();
        if (status != 0 && status != USER_ERROR) {
            throw new TrainingException("the Spark driver failed (exit code " + status + "); its messages are above");
        }
        return status;
    }

    /** The driver's command line: this JVM's java, Spark's module options, the jar and its classpath, the flags. */
    static List<String> command(Path java, Build build, String classpath, Path tokenizer, List<String> inputs, Path output, String master,
                                PrepareConfig config) {
        List<String> command = new ArrayList<>(List.of(java.toString(), "@" + build.jvmOptions(),
                "-cp", build.jar() + File.pathSeparator + classpath, MAIN_CLASS,
                "--tokenizer", tokenizer.toString(), "--output", output.toString(), "--master", master, "--settings", config.toJson(),
                "--input"));
        command.addAll(inputs);
        return command;
    }

    private static void buildModule(Build build) throws IOException, InterruptedException {
        System.err.println("hanlm: building the spark module (first use or sources changed; a few minutes)...");
        Files.createDirectories(build.log().getParent());
        Process maven = new ProcessBuilder(build.command()).redirectErrorStream(true).redirectOutput(build.log().toFile()).start();
        maven.getOutputStream().close();
        if (maven.waitFor() != 0) {
            List<String> lines = Files.readAllLines(build.log());
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
            throw new TrainingException("building the spark module failed; the full log is " + build.log());
        }
        if (!Files.isRegularFile(build.jar()) || !Files.isRegularFile(build.classpathFile())) {
            throw new TrainingException("the spark module's build wrote no " + build.jar() + " or " + build.classpathFile());
        }
    }

    private static boolean newer(Path file, FileTime than) {
        try {
            return Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(than) > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a child's stream into ours as it comes, so a progress line shows while it is written. */
    private static Thread pipe(InputStream from, OutputStream to) {
        return Thread.ofPlatform().daemon().start(() -> {
            byte[] buffer = new byte[8192];
            try (from) {
                for (int n; (n = from.read(buffer)) > 0; ) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}

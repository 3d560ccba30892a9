package dev.hanlm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.train.TrainingException;
import dev.hanlm.train.data.CleaningSettings;
import dev.hanlm.train.data.PrepareConfig;
import dev.hanlm.train.data.ValidationSplit;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkDriverTest {
    @TempDir
    Path home;

    @Test
    void theCommandRunsTheSparkMainWithTheModuleOptionsTheJarItsClasspathAndTheSettings() {
        SparkDriver.Build build = new SparkDriver.Build(home);
        PrepareConfig config = new PrepareConfig(new CleaningSettings(10, 0.4, 0.3, 0.5, true, 0.1, 0.5, false, true),
                new ValidationSplit(0.02), 1000, true, "body");
        List<String> command = SparkDriver.command(Path.of("/jdk/bin/java"), build, "/m2/a.jar:/m2/b.jar", Path.of("tok"),
                List.of("a.txt", "hdfs:///b/*.gz"), Path.of("out"), "local[2]", config);
        assertEquals(List.of("/jdk/bin/java", "@" + home.resolve("spark/jvm.options"), "-cp",
                home.resolve("spark/target/hanlm-spark-0.1.0-SNAPSHOT.jar") + File.pathSeparator + "/m2/a.jar:/m2/b.jar",
                SparkDriver.MAIN_CLASS, "--tokenizer", "tok", "--output", "out", "--master", "local[2]", "--settings"), command.subList(0, 12));
        assertEquals(config.toJson(), command.get(12));
        assertEquals(config.cleaning(), PrepareConfig.fromJson(command.get(12)).cleaning(), "the child reads the same settings");
        assertEquals(List.of("--input", "a.txt", "hdfs:///b/*.gz"), command.subList(13, command.size()));
    }

    @Test
    void theModuleIsRebuiltWhenItsJarIsMissingOrOlderThanASource() throws IOException {
        SparkDriver.Build build = new SparkDriver.Build(home);
        Path source = write(home.resolve("train/src/main/java/A.java"), "class A {}");
        write(home.resolve("pom.xml"), "<project/>");
        assertTrue(build.stale(), "no jar yet");
        write(build.jar(), "jar");
        write(build.classpathFile(), "/m2/a.jar");
        FileTime built = Files.getLastModifiedTime(build.jar());
        Files.setLastModifiedTime(source, FileTime.fromMillis(built.toMillis() - 60_000));
        Files.setLastModifiedTime(home.resolve("pom.xml"), FileTime.fromMillis(built.toMillis() - 60_000));
        assertFalse(build.stale());
        Files.setLastModifiedTime(source, FileTime.fromMillis(built.toMillis() + 60_000));
        assertTrue(build.stale(), "a train source changed");
        Files.setLastModifiedTime(source, FileTime.fromMillis(built.toMillis() - 60_000));
        Files.delete(build.classpathFile());
        assertTrue(build.stale(), "no classpath file");
    }

    @Test
    void aFailedBuildShowsTheLogsTailAndSaysWhereTheLogIs() throws IOException {
        Path mvnw = write(home.resolve("mvnw"), "#!/bin/sh\necho 'compilation failed: A.java:1'\nexit 1\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        SparkDriver.Build build = new SparkDriver.Build(home);
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TrainingException e;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            e = assertThrows(TrainingException.class, () -> SparkDriver.run(build, Path.of("tok"), List.of("a.txt"),
                    home.resolve("out"), "local[2]", PrepareConfig.defaults()));
        } finally {
            System.setErr(oldErr);
        }
        assertEquals("building the spark module failed; the full log is " + home.resolve("spark/target/build.log"), e.getMessage());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("compilation failed: A.java:1"), err.toString(StandardCharsets.UTF_8));
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}

package dev.hanlm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hanlm serve as a user runs it: a separate process that prints its URL, answers, and stops cleanly on SIGTERM. */
class ServeCliTest {
    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void model() throws IOException {
        model = TinyModel.write(tmp.resolve("tiny-ko")).dir();
    }

    @Test
    void servesItsModelsAndStopsOnSigterm() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--model", model.toString(), "--port", "0",
                "--data-dir", tmp.resolve("data").toString())
                .redirectError(tmp.resolve("serve.err").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher url = Pattern.compile("hanlm: serving tiny-ko at (http://127\\.0\\.0\\.1:\\d+)/v1 \\(Ctrl-C stops\\)").matcher(String.valueOf(line));
            assertTrue(url.matches(), line + "\n" + Files.readString(tmp.resolve("serve.err")));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(url.group(1) + "/v1/models")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, models.statusCode());
            assertTrue(models.body().contains("\"id\":\"tiny-ko\""), models.body());

            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server stops on SIGTERM");
            assertThrows(ConnectException.class, () -> http.send(HttpRequest.newBuilder(URI.create(url.group(1) + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            List<String> err = Files.readAllLines(tmp.resolve("serve.err")).stream()
                    .filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
            assertEquals(List.of(), err, "the server is quiet");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aModelsDirServesEveryModelInside() throws Exception {
        Path folder = tmp.resolve("models-dir");
        TinyModel.write(folder.resolve("b-model"));
        TinyModel.write(folder.resolve("a-model"));
        Files.createDirectories(folder.resolve("notes"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--models-dir", folder.toString(),
                "--port", "0", "--data-dir", tmp.resolve("data-dir").toString())
                .redirectError(tmp.resolve("serve-dir.err").toFile()).start();
        try {
            String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(String.valueOf(line).startsWith("hanlm: serving a-model, b-model at "), line + "\n" + Files.readString(tmp.resolve("serve-dir.err")));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aModelsDirWithoutModelsIsRefused() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty-models"));
        CliRun run = CliRun.of("serve", "--models-dir", empty.toString(), "--port", "0");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--models-dir " + empty + " holds no model directory"), run.err());
    }

    @Test
    void modelsWithTheSameDirectoryNameAreRefused() throws IOException {
        Path twin = TinyModel.write(tmp.resolve("other").resolve("tiny-ko")).dir();
        CliRun run = CliRun.of("serve", "--model", model.toString(), "--model", twin.toString(), "--port", "0");
        assertEquals(2, run.exitCode(), "a malformed command line");
        assertTrue(run.err().contains("two models are named 'tiny-ko'"), run.err());
    }

    @Test
    void aRemoteModelNamedAsALocalOneOrWithAnUnsetKeyIsRefused() {
        CliRun twin = CliRun.of("serve", "--model", model.toString(), "--remote", "tiny-ko=http://127.0.0.1:9", "--port", "0");
        assertEquals(2, twin.exitCode(), twin.err());
        assertTrue(twin.err().contains("two models are named 'tiny-ko'"), twin.err());
        CliRun keyless = CliRun.of("serve", "--remote", "big=http://127.0.0.1:9,key-env=HANLM_TEST_UNSET_KEY", "--port", "0");
        assertEquals(2, keyless.exitCode(), keyless.err());
        assertTrue(keyless.err().contains("--remote: the environment variable 'HANLM_TEST_UNSET_KEY'"), keyless.err());
    }

    @Test
    void anAdminTokenVariableThatIsUnsetIsRefused() {
        CliRun run = CliRun.of("serve", "--model", model.toString(), "--admin-token-env", "HANLM_TEST_UNSET_TOKEN", "--port", "0");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--admin-token-env: the environment variable 'HANLM_TEST_UNSET_TOKEN'"), run.err());
    }

    @Test
    void aPortInUseIsOneClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun run = CliRun.of("serve", "--model", model.toString(), "--port", Integer.toString(taken.getLocalPort()),
                    "--data-dir", tmp.resolve("data").toString());
            assertEquals(1, run.exitCode());
            assertTrue(run.err().startsWith("hanlm: I/O error: cannot listen on 127.0.0.1:" + taken.getLocalPort()), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
        }
    }
}

package dev.hanlm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quantized panels live on the Java heap: a heap too small for one is refused at load with one EngineException that
 * names the tensor and says how to raise the heap, not an OutOfMemoryError. A JVM of its own with a 32 MiB heap loads
 * a GPT-2 whose tied head (2^20 x 32) needs 36 MiB at q8.
 */
class HeapTooSmallTest {
    @TempDir
    Path tmp;

    /** The child JVM: loads {@code args[0]} at q8 and prints the refusal's message; exit 3 when refused. */
    public static void main(String[] args) {
        try (LanguageModel model = LanguageModel.load(Path.of(args[0]), LoadOptions.defaults().withQuantize(Quantization.Q8))) {
            System.out.println("loaded " + model.config().vocabSize());
        } catch (EngineException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }

    @Test
    void aHeapTooSmallForAQuantizedTensorIsOneClearError() throws IOException, InterruptedException {
        Path dir = TinyModels.random(tmp.resolve("wide"), TinyModels.byteTokenizer(), 1 << 20, 32, 2, 32, 16, 1);
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), HeapTooSmallTest.class.getName(), dir.toString()))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(3, child.exitValue(), output);
        for (String part : List.of("quantizing tensor 'wte.weight' (1048576 x 32) to q8", "MiB this JVM may use", "-Xmx")) {
            assertTrue(output.contains(part), "lacks '" + part + "': " + output);
        }
    }
}

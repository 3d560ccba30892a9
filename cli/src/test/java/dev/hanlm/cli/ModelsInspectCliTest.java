package dev.hanlm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsInspectCliTest {
    @TempDir
    static Path tmp;
    static TinyModel.Written model;

    @BeforeAll
    static void write() throws IOException {
        model = TinyModel.write(tmp.resolve("tiny"));
    }

    @Test
    void inspectReportsTheShapeAndSizesOfTheModel() throws IOException {
        CliRun run = CliRun.of("models", "inspect", model.dir().toString());
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        long bytes = Files.size(model.dir().resolve("model.safetensors"));
        assertTrue(out.contains("architecture  gpt2\n"), out);
        assertTrue(out.contains(String.format(Locale.ROOT, "parameters    %,d (518.0K)%n", model.parameters())), out);
        assertTrue(out.contains(String.format(Locale.ROOT, "dtypes        F32 %,d%n", model.parameters())), out);
        assertTrue(out.contains("context       128 positions\n"), out);
        assertTrue(out.contains("layers        2\n"), out);
        assertTrue(out.contains("heads         2 query, 2 key/value, 8 wide\n"), out);
        assertTrue(out.contains("hidden size   16\n"), out);
        assertTrue(out.contains("ffn size      24\n"), out);
        assertTrue(out.contains("vocabulary    32000 (embeddings tied to the output)\n"), out);
        assertTrue(out.contains("tokenizer     byte-level BPE, morpheme-aware, 32000 tokens\n"), out);
        assertTrue(out.contains("chat          no template (plain format)\n"), out);
        assertTrue(out.contains("special ids   bos 0, eos [0]\n"), out);
        assertTrue(out.contains(String.format(Locale.ROOT, "weight files  %.1f MiB%n", bytes / 1024.0 / 1024.0)), out);
        assertEquals(518_000, model.parameters(), "32000 x 16 + 128 x 16 + the blocks' weights");
    }

    @Test
    void checkPassesFiniteWeightsAndNamesTheTensorHoldingANaN() throws IOException {
        CliRun ok = CliRun.of("models", "inspect", "--check", model.dir().toString());
        assertEquals(0, ok.exitCode(), ok.err());
        assertTrue(ok.out().contains("check         every weight is finite"), ok.out());

        Path broken = TinyModel.write(tmp.resolve("broken")).dir();
        Path file = broken.resolve("model.safetensors");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(len, 0);
            long dataStart = 8 + len.flip().getLong();
            ByteBuffer nan = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN).flip();
            ch.write(nan, dataStart + 4 * 100); // inside wte.weight, the first tensor
        }
        CliRun bad = CliRun.of("models", "inspect", "--check", broken.toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("wte.weight"), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertEquals(0, CliRun.of("models", "inspect", broken.toString()).exitCode(), "without --check nothing is read");
    }
}

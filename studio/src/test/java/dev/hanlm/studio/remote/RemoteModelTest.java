package dev.hanlm.studio.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code --remote NAME=URL[,model=...][,key-env=...]} spec. */
class RemoteModelTest {
    private static final Map<String, String> ENV = Map.of("GPU_KEY", "sk-secret");

    @Test
    void optionsNameTheUpstreamModelAndTheKeysVariable() {
        RemoteModel m = RemoteModel.parse("big=https://gpu.example:8000/v1/,model=Qwen/Qwen2.5-7B,key-env=GPU_KEY", ENV::get);
        assertEquals("big", m.id());
        assertEquals(URI.create("https://gpu.example:8000"), m.baseUrl());
        assertEquals(URI.create("https://gpu.example:8000/v1/completions"), m.endpoint("/v1/completions"));
        assertEquals("Qwen/Qwen2.5-7B", m.upstreamModel());
        assertEquals("sk-secret", m.apiKey());
        assertFalse(m.toString().contains("sk-secret"), m.toString());
    }

    @Test
    void withoutOptionsTheUpstreamModelIsTheNameAndThereIsNoKey() {
        RemoteModel m = RemoteModel.parse("tiny=http://127.0.0.1:9000", ENV::get);
        assertEquals("tiny", m.upstreamModel());
        assertNull(m.apiKey());
    }

    @Test
    void mistakesAreOneSentence() {
        assertTrue(refusal("big=http://h,key-env=NOPE").contains("environment variable 'NOPE'"));
        assertTrue(refusal("big=http://h,keyenv=GPU_KEY").contains("unknown option 'keyenv'"));
        assertTrue(refusal("http://h").contains("NAME=URL"));
        assertTrue(refusal("big=ftp://h").contains("http:// or https://"));
    }

    private static String refusal(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> RemoteModel.parse(spec, ENV::get)).getMessage();
    }
}

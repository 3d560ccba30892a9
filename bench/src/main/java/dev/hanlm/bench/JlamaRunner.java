package dev.hanlm.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The same measurements as {@link EngineBench}'s hanlm run, through Jlama on the same HF directory: its batched
 * prompt pass ({@code batchForward}) and its one-token {@code forward}, each followed by the LM head and a greedy pick
 * ({@code sample} at temperature 0), as Jlama's own {@code generate} does. Working memory is F32 and, for quantized
 * weights, activations are quantized to I8 (Jlama's defaults); {@code --quantize q8|q4} quantizes the weights at load
 * (Jlama's {@code I8} and {@code Q4}).
 */
final class JlamaRunner {
    private JlamaRunner() {}

    static ObjectNode run(Map<String, String> o) throws Exception {
        String q = o.getOrDefault("quantize", "none");
        Optional<DType> modelQ = switch (q) {
            case "none" -> Optional.empty();
            case "q8" -> Optional.of(DType.I8);
            case "q4" -> Optional.of(DType.Q4);
            default -> throw new IllegalArgumentException("--quantize none|q8|q4");
        };
        int threads = Integer.parseInt(o.getOrDefault("threads", "2"));
        File work = new File(o.getOrDefault("work", System.getProperty("java.io.tmpdir")));
        long t0 = System.nanoTime();
        DType workingQ = DType.valueOf(o.getOrDefault("working-q", "I8"));
        AbstractModel m = ModelSupport.loadModel(new File(o.get("model")), work, DType.F32, workingQ, modelQ, Optional.of(threads));
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        int vocab = m.getConfig().vocabularySize;
        EngineBench.Plan p = EngineBench.Plan.of(o, vocab);
        KvBufferCache cache = new KvBufferCache(m);
        try (AbstractTensor logits = m.makeDenseTensor(vocab)) {
            for (int w = 0; w < p.warmup(); w++) {
                try (KvBufferCache.KvBuffer kv = cache.getKvBuffer(UUID.randomUUID())) {
                    int next = prefill(m, p.warmupTokens(), kv, logits);
                    for (int i = 0; i < p.warmupDecode(); i++) next = step(m, next, p.warmupTokens().length + i, kv, logits);
                }
            }
            List<Double> prefill = new ArrayList<>(), decodeEmpty = new ArrayList<>(), decodeAfter = new ArrayList<>();
            List<Double> stepMs = new ArrayList<>();
            for (int rep = 0; rep < p.reps(); rep++) {
                try (KvBufferCache.KvBuffer kv = cache.getKvBuffer(UUID.randomUUID())) {
                    long a = System.nanoTime();
                    int next = prefill(m, p.tokens(), kv, logits);
                    prefill.add(p.prompt() / ((System.nanoTime() - a) / 1e9));
                    a = System.nanoTime();
                    for (int i = 0; i < p.decode(); i++) {
                        long b = System.nanoTime();
                        next = step(m, next, p.prompt() + i, kv, logits);
                        stepMs.add((System.nanoTime() - b) / 1e6);
                    }
                    decodeAfter.add(p.decode() / ((System.nanoTime() - a) / 1e9));
                }
                try (KvBufferCache.KvBuffer kv = cache.getKvBuffer(UUID.randomUUID())) {
                    int next = p.tokens()[0];
                    long a = System.nanoTime();
                    for (int i = 0; i < p.decode(); i++) next = step(m, next, i, kv, logits);
                    decodeEmpty.add(p.decode() / ((System.nanoTime() - a) / 1e9));
                }
            }
            ObjectNode r = EngineBench.base("jlama", o);
            r.put("load_s", loadSeconds).put("jlama_model_dtype", String.valueOf(m.getWeights().getModelDType()))
                    .put("jlama_working_q", workingQ.name());
            EngineBench.fill(r, prefill, decodeEmpty, decodeAfter, stepMs);
            r.put("threads", threads);
            return r;
        } finally {
            m.close();
        }
    }

    private static int prefill(AbstractModel m, int[] tokens, KvBufferCache.KvBuffer kv, AbstractTensor logits) {
        AbstractTensor out = m.batchForward(tokens, 0, kv);
        try {
            return m.sample(out.slice(out.shape().first() - 1), 0f, 0.5f, logits);
        } finally {
            out.close();
        }
    }

    private static int step(AbstractModel m, int token, int pos, KvBufferCache.KvBuffer kv, AbstractTensor logits) {
        try (AbstractTensor out = m.forward(token, pos, kv, Optional.empty())) {
            int next = m.sample(out, 0f, 0.5f, logits);
            kv.incrementContextPosition();
            return next;
        }
    }
}

package dev.hanlm.eval;

import dev.hanlm.engine.grad.Gpt2Shape;
import dev.hanlm.engine.grad.Gpt2Weights;
import dev.hanlm.engine.kernels.DType;
import dev.hanlm.tokenizer.BpeTrainer;
import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.tokenizer.TrainerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A randomly initialized 2-layer GPT-2 over a 400-token BPE learned from the NSMC sample, written as a Hugging Face
 * directory: enough to drive the harness, not to score well. Its context is short, so few-shot prompts overflow it.
 */
final class TinyModel {
    static final int CONTEXT = 96;

    private TinyModel() {}

    static Path write(Path dir) throws IOException {
        Tokenizer tokenizer = new BpeTrainer(TrainerConfig.defaults(400).withMorphemeAware(false))
                .train(List.of(DatasetsTest.resource("nsmc-sample.txt")), BpeTrainer.Progress.NONE).tokenizer();
        tokenizer.save(dir);
        int eos = tokenizer.id(TrainerConfig.END_OF_TEXT);
        Gpt2Weights.initialize(new Gpt2Shape(tokenizer.vocabSize(), CONTEXT, 2, 2, 16), 7).save(dir, DType.F32, eos);
        return dir;
    }
}

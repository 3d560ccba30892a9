package dev.hanlm.cli;

import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.LoadOptions;
import dev.hanlm.engine.Quantization;
import picocli.CommandLine.Option;

/** The flags that say how to load a local model: every command that loads one, one model or several. */
final class LoadFlags {
    @Option(names = "--quantize", paramLabel = "q8|q4", description = "Quantize the matmul weights at load (8- or 4-bit blocks).")
    String quantize;

    @Option(names = "--pack", description = "Copy every matmul weight into the layout the decode kernels read fastest, whatever"
            + " the model's size (models up to 128 MiB are packed anyway): faster decoding, for a copy of the weights in memory"
            + " and a longer load.")
    boolean pack;

    /** The load options these flags ask for; --pack and --quantize exclude each other. */
    LoadOptions options() {
        Quantization q = quantize == null ? Quantization.NONE : Quantization.parse(quantize);
        if (pack && q != Quantization.NONE) {
            throw new EngineException("--pack and --quantize exclude each other: quantized weights keep their blocks along rows");
        }
        return LoadOptions.defaults().withQuantize(q).withPackLimit(pack ? Long.MAX_VALUE : LoadOptions.PACK_LIMIT);
    }
}

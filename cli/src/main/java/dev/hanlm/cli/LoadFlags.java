package dev.hanlm.cli;

import dev.hanlm.engine.LoadOptions;
import dev.hanlm.engine.Quantization;
import picocli.CommandLine.Option;

/** The flags that say how to load a local model: every command that loads one, one model or several. */
final class LoadFlags {
    @Option(names = "--quantize", paramLabel = "q8|q4", description = "Quantize the matmul weights at load (8- or 4-bit blocks).")
    String quantize;

    @Option(names = "--no-pack", description = "Keep the matmul weights mapped as stored instead of copying them into the"
            + " layout the kernels read fastest: the quickest load, for slower decoding.")
    boolean noPack;

    /** The load options these flags ask for. */
    LoadOptions options() {
        Quantization q = quantize == null ? Quantization.NONE : Quantization.parse(quantize);
        return LoadOptions.defaults().withQuantize(q).withPack(!noPack);
    }
}

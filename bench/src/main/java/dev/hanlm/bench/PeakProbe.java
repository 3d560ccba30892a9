package dev.hanlm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The fp32 sgemm peak measured on demand, right beside the work it is compared with: this machine's FMA throughput
 * swings by up to 2x within seconds (a neighbour on the same physical cores), so a peak measured once per run says
 * little about the conditions a later measurement ran in. Runs {@code command} (normally {@code bench/sgemm-peak.sh
 * THREADS}) and reads the median GFLOP/s of its {@code SGEMM {json}} line.
 */
record PeakProbe(List<String> command) {
    /** {@code command} split on spaces; null for none. */
    static PeakProbe of(String command) {
        return command == null || command.isBlank() ? null : new PeakProbe(List.of(command.trim().split("\\s+")));
    }

    double measure() {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            for (String line : out.split("\n")) {
                if (line.startsWith("SGEMM ")) return EngineBench.parse(line.substring(6)).get("gflops_median").asDouble();
            }
            throw new IllegalStateException(String.join(" ", command) + " (exit " + status + ") printed no SGEMM line: " + out.strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the sgemm peak", e);
        }
    }
}

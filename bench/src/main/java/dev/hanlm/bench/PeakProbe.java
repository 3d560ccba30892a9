package dev.hanlm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A machine ceiling measured on demand, right beside the work it is compared with: this machine's FMA throughput
 * swings by up to 2x within seconds (a neighbour on the same physical cores), and its memory bandwidth by a third from
 * one run to the next, so a ceiling measured once per run says little about the conditions a later measurement ran
 * in. Runs {@code command} and reads {@code field} of the JSON on its first line that starts with {@code marker}.
 */
record PeakProbe(List<String> command, String marker, String field) {
    /** The fp32 sgemm peak in GFLOP/s: {@code command} is normally {@code bench/sgemm-peak.sh THREADS}; null for none. */
    static PeakProbe sgemm(String command) {
        return of(command, "SGEMM ", "gflops_median");
    }

    /** The memory read bandwidth in GB/s: {@code command} runs {@code EngineBench bandwidth}; null for none. */
    static PeakProbe bandwidth(String command) {
        return of(command, "RESULT ", "gbps");
    }

    /** {@code command} split on spaces; null for none. */
    private static PeakProbe of(String command, String marker, String field) {
        return command == null || command.isBlank() ? null : new PeakProbe(List.of(command.trim().split("\\s+")), marker, field);
    }

    double measure() {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            for (String line : out.split("\n")) {
                if (line.startsWith(marker)) return EngineBench.parse(line.substring(marker.length())).get(field).asDouble();
            }
            throw new IllegalStateException(String.join(" ", command) + " (exit " + status + ") printed no " + marker.strip()
                    + " line: " + out.strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}

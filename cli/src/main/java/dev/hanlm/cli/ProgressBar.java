package dev.hanlm.cli;

import dev.hanlm.tokenizer.BpeTrainer;
import java.io.PrintStream;

/**
 * A one-line progress bar with rate and ETA on stderr. Redrawn at most a few times a second, and only
 * on a terminal: a redirected stderr gets one line per phase instead.
 */
final class ProgressBar implements BpeTrainer.Progress, AutoCloseable {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private String phase;
    private long phaseStarted;
    private long lastDraw;

    ProgressBar(PrintStream out) {
        this.out = out;
        this.terminal = System.console() != null && System.console().isTerminal();
    }

    @Override
    public void update(String phaseName, long done, long total) {
        update(phaseName, done, total, -1);
    }

    /** As {@link #update(String, long, long)}, also showing the rate of {@code bytes} read so far in MB/s (none when negative). */
    synchronized void update(String phaseName, long done, long total, long bytes) {
        long now = System.nanoTime();
        if (!phaseName.equals(phase)) {
            if (phase != null && terminal) out.println();
            phase = phaseName;
            phaseStarted = now;
            if (!terminal) out.println(phaseName + "...");
        }
        if (!terminal || now - lastDraw < 200_000_000L && done != total) return;
        lastDraw = now;
        double seconds = Math.max(1e-3, (now - phaseStarted) / 1e9);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder("\r").append(phaseName).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * done / total);
            line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                    .append(String.format("%3d%% ", 100 * done / total));
            long etaSeconds = rate > 0 ? (long) ((total - done) / rate) : 0;
            line.append(String.format("%,d/%,d  %.0f/s  ETA %d:%02d", done, total, rate, etaSeconds / 60, etaSeconds % 60));
        } else {
            line.append(String.format("%,d  %.0f/s", done, rate));
        }
        if (bytes >= 0) line.append(String.format("  %.1f MB/s", bytes / seconds / 1e6));
        out.print(line + "   ");
        out.flush();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    @Override
    public void close() {
        if (terminal && phase != null) out.println();
    }
}

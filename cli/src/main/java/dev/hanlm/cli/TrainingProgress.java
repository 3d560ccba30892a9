package dev.hanlm.cli;

import dev.hanlm.engine.grad.Gpt2Shape;
import dev.hanlm.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;

/** The training progress line: step, a bar, loss, tokens/s and ETA; validation and checkpoints on lines of their own. */
final class TrainingProgress implements Trainer.Listener {
    private static final int WIDTH = 24;
    private final PrintStream out;
    private final boolean terminal = System.console() != null && System.console().isTerminal();
    private long lastDraw;
    private int firstStep;

    TrainingProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void started(Gpt2Shape shape, int firstStep, int totalSteps) {
        this.firstStep = firstStep;
        out.println("model: " + TrainCommand.describe(shape));
        out.println(firstStep == 0 ? "training " + totalSteps + " steps" : "resuming at step " + firstStep + " of " + totalSteps);
    }

    @Override
    public void stepped(Trainer.StepReport r) {
        long now = System.nanoTime();
        boolean last = r.step() == r.totalSteps();
        // a log file gets a line every 10 steps; a terminal is redrawn at most 5 times a second
        if (terminal ? now - lastDraw < 200_000_000L && !last : r.step() % 10 != 0 && !last) return;
        lastDraw = now;
        int filled = (int) ((long) WIDTH * r.step() / r.totalSteps());
        double stepsPerSecond = (r.step() - firstStep) / Math.max(1e-9, r.elapsedSeconds());
        long eta = stepsPerSecond > 0 ? (long) ((r.totalSteps() - r.step()) / stepsPerSecond) : 0;
        String line = String.format("step %,d/%,d [%s%s] loss %.4f  lr %.2e  %,.0f tok/s  ETA %d:%02d:%02d",
                r.step(), r.totalSteps(), "#".repeat(filled), ".".repeat(WIDTH - filled), r.loss(), r.lr(), r.tokensPerSecond(),
                eta / 3600, eta / 60 % 60, eta % 60);
        if (terminal) {
            out.print("\r" + line + "  ");
            if (last) out.println();
        } else {
            out.println(line);
        }
        out.flush();
    }

    @Override
    public void evaluated(int step, double loss) {
        note(String.format("step %,d: validation loss %.4f, perplexity %.2f", step, loss, Math.exp(loss)));
    }

    @Override
    public void checkpointed(int step, Path directory) {
        note("step " + step + ": checkpoint " + directory);
    }

    /** A line of its own below the progress line. */
    void note(String line) {
        if (terminal) out.println();
        out.println(line);
    }
}

package dev.hanlm.train;

/**
 * Linear warmup from 0 to the peak rate over {@code warmupSteps}, then cosine decay to {@code minLr} at
 * {@code totalSteps} (GPT-3's schedule, as in nanoGPT). Step {@code s} is the 0-based index of the update.
 */
public record LearningRateSchedule(double peakLr, double minLr, int warmupSteps, int totalSteps) {
    public LearningRateSchedule {
        if (!(peakLr > 0)) throw new TrainingException("lr must be positive, not " + peakLr);
        if (minLr < 0 || minLr > peakLr) throw new TrainingException("min_lr must be between 0 and lr (" + peakLr + "), not " + minLr);
        if (warmupSteps < 0) throw new TrainingException("warmup_steps must not be negative, not " + warmupSteps);
    }

    public double at(int step) {
        // the first update already gets a small non-zero rate: (step + 1) / warmup
        if (step < warmupSteps) return peakLr * (step + 1) / warmupSteps;
        if (step >= totalSteps) return minLr;
        double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        return minLr + 0.5 * (1 + Math.cos(Math.PI * progress)) * (peakLr - minLr);
    }
}

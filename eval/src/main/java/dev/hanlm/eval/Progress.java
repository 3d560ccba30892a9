package dev.hanlm.eval;

/** Told how far a long evaluation has come (the CLI draws a progress bar from it). */
@FunctionalInterface
public interface Progress {
    Progress NONE = (phase, done, total) -> {};

    void update(String phase, long done, long total);
}

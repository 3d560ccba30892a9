package dev.hanlm.train.data;

import java.io.PrintStream;

/** The end-of-run report of either driver: what was read, what each stage removed, the personal data replaced, the splits. */
public final class ManifestSummary {
    private ManifestSummary() {}

    public static void print(PrintStream out, Manifest manifest, double seconds) {
        long read = manifest.sources().stream().mapToLong(Manifest.Source::documentsRead).sum();
        long bytes = manifest.sources().stream().mapToLong(Manifest.Source::bytesRead).sum();
        out.printf("read %,d documents (%.1f MB) from %d files in %.1f s (%.2f MB/s)%n", read, bytes / 1e6, manifest.sources().size(), seconds,
                bytes / 1e6 / Math.max(seconds, 1e-9));
        if (manifest.sources().size() <= 20) {
            for (Manifest.Source s : manifest.sources()) {
                out.printf("  %s: %,d read, %,d kept, %,d tokens%n", s.path(), s.documentsRead(), s.documentsKept(), s.tokens());
            }
        }
        long left = read;
        for (Manifest.FilterCount f : manifest.filters()) {
            left -= f.documentsRemoved();
            out.printf("  %-17s %,9d removed, %,d left%n", f.name(), f.documentsRemoved(), left);
        }
        if (manifest.piiReplaced() != null) {
            out.printf("  personal data replaced: %,d%s%n", manifest.piiReplaced().values().stream().mapToLong(Long::longValue).sum(),
                    manifest.piiReplaced().isEmpty() ? "" : " " + manifest.piiReplaced());
        }
        for (TokenDataset.Split split : TokenDataset.Split.values()) {
            Manifest.SplitFiles files = manifest.splitFiles(split);
            out.printf("%-6s %,d documents, %,d tokens in %d shard%s%n", split.key() + ":", files.documents(), files.tokens(),
                    files.shards().size(), files.shards().size() == 1 ? "" : "s");
        }
        if (manifest.megatron() != null) {
            out.printf("megatron: %s and %s (.bin + .idx, %s)%n", manifest.megatron().train(), manifest.megatron().val(), manifest.megatron().dtype());
        }
    }
}

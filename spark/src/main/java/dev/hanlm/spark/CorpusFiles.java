package dev.hanlm.spark;

import dev.hanlm.tokenizer.CorpusReader;
import dev.hanlm.train.TrainingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Corpus files on any Hadoop filesystem (a local path, {@code file:}, {@code hdfs:}, {@code s3a:}, ...): globs and
 * directories expanded in sorted order, each file read by the tokenizer module's {@link CorpusReader} (text, JSONL or
 * WikiExtractor, gzip told by its magic bytes).
 */
final class CorpusFiles {
    private CorpusFiles() {}

    /** The files the inputs name, in order: a file as given, a directory's files and a glob's matches sorted by name. */
    static List<String> expand(List<String> inputs, Configuration conf) throws IOException {
        List<String> files = new ArrayList<>();
        for (String input : inputs) {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(input);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(path);
            if (matches == null || matches.length == 0) throw new TrainingException(input + " does not exist or matches no file");
            if (matches.length == 1 && matches[0].isFile() && matches[0].getPath().getName().equals(path.getName())) {
                files.add(input);
                continue;
            }
            List<String> found = new ArrayList<>();
            for (FileStatus match : matches) {
                if (match.isFile()) found.add(match.getPath().toString());
                else for (FileStatus child : fs.listStatus(match.getPath())) {
                    if (child.isFile() && !child.getPath().getName().startsWith(".")) found.add(child.getPath().toString());
                }
            }
            if (found.isEmpty()) throw new TrainingException(input + " holds no file");
            files.addAll(found.stream().sorted().toList());
        }
        return files;
    }

    /** Calls {@code documents} with each document of the file; a file on another filesystem is copied locally first. */
    static void read(String file, String textField, Consumer<String> documents) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
        String scheme = path.toUri().getScheme();
        if (scheme == null || scheme.equals("file")) {
            new CorpusReader(textField).read(Path.of(path.toUri().getPath()), documents);
            return;
        }
        Path local = Files.createTempFile("hanlm-corpus", ".part");
        try {
            try (InputStream in = path.getFileSystem(new Configuration()).open(path)) {
                Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            }
            new CorpusReader(textField).read(local, documents);
        } finally {
            Files.deleteIfExists(local);
        }
    }
}

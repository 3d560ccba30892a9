package dev.hanlm.train.data;

import dev.hanlm.tokenizer.IntList;
import dev.hanlm.train.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes Megatron-LM's indexed dataset (megatron/core/datasets/indexed_dataset.py, the format once called
 * MMapIndexedDataset): {@code PREFIX.bin} holds the tokens, {@code PREFIX.idx} the index, both little-endian.
 * Each document is one sequence, end-of-text included, as {@code tools/preprocess_data.py --append-eod} makes.
 * <pre>
 * .idx: 9 bytes "MMIDIDX\0\0" | uint64 version 1 | uint8 dtype code (8 = uint16, 4 = int32)
 *       | uint64 sequence count S | uint64 document-index count D = documents + 1
 *       | int32[S] sequence lengths (tokens) | int64[S] sequence start (bytes into .bin)
 *       | int64[D] document index: 0, then the sequence count after each document
 * .bin: the tokens of every sequence, one after another, in the dtype
 * </pre>
 * The dtype is Megatron's own choice for the vocabulary: uint16 below 65,500 ids, else int32.
 */
public final class MegatronWriter implements AutoCloseable {
    static final byte[] MAGIC = {'M', 'M', 'I', 'D', 'I', 'D', 'X', 0, 0};
    static final long VERSION = 1;
    static final int UINT16 = 8;
    static final int INT32 = 4;

    private final Path bin, idx, binTemporary;
    private final LittleEndianOutput binOut;
    private final int dtype;
    private final IntList lengths = new IntList();
    private boolean finished;

    public MegatronWriter(Path prefix, int vocabSize) throws IOException {
        this.bin = prefix.resolveSibling(prefix.getFileName() + ".bin");
        this.idx = prefix.resolveSibling(prefix.getFileName() + ".idx");
        this.binTemporary = AtomicFiles.temporary(bin);
        this.dtype = vocabSize < 65500 ? UINT16 : INT32;
        this.binOut = new LittleEndianOutput(binTemporary);
    }

    public static String dtypeName(int vocabSize) {
        return vocabSize < 65500 ? "uint16" : "int32";
    }

    /** Appends one document as one sequence. */
    public void writeDocument(int[] ids) throws IOException {
        for (int id : ids) {
            if (dtype == UINT16) binOut.writeShort(id);
            else binOut.writeInt(id);
        }
        lengths.add(ids.length);
    }

    public void finish() throws IOException {
        binOut.close();
        Path idxTemporary = AtomicFiles.temporary(idx);
        try (LittleEndianOutput out = new LittleEndianOutput(idxTemporary)) {
            int sequences = lengths.size();
            out.writeBytes(MAGIC);
            out.writeLong(VERSION);
            out.writeByte(dtype);
            out.writeLong(sequences);
            out.writeLong(sequences + 1L);
            for (int s = 0; s < sequences; s++) out.writeInt(lengths.get(s));
            long pointer = 0;
            int itemBytes = dtype == UINT16 ? 2 : 4;
            for (int s = 0; s < sequences; s++) {
                out.writeLong(pointer);
                pointer += (long) lengths.get(s) * itemBytes;
            }
            for (long d = 0; d <= sequences; d++) out.writeLong(d);
        }
        AtomicFiles.moveIntoPlace(binTemporary, bin);
        AtomicFiles.moveIntoPlace(idxTemporary, idx);
        finished = true;
    }

    @Override
    public void close() throws IOException {
        if (finished) return;
        binOut.close();
        Files.deleteIfExists(binTemporary);
    }
}

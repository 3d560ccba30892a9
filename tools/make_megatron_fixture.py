#!/usr/bin/env python3
"""Writes tiny Megatron-LM indexed datasets (.bin + .idx) that MegatronWriterTest compares byte for byte.

The layout follows megatron/core/datasets/indexed_dataset.py (IndexedDatasetBuilder, _IndexWriter), written
here with numpy alone so that no Megatron or torch install is needed:
  .idx = b"MMIDIDX\\x00\\x00" | <Q version 1 | <B dtype code | <Q sequence count | <Q document-index count
         | int32 sequence lengths | int64 sequence byte offsets | int64 document indices (0, then one per document)
  .bin = the tokens of all sequences in the dtype
Each document is one sequence ending with its end-of-text id, as preprocess_data.py --append-eod writes it.

Run: /usr/bin/python3 tools/make_megatron_fixture.py
"""
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "train", "src", "test", "resources", "megatron")
DTYPE_CODES = {np.uint16: 8, np.int32: 4}

# (name, vocab size, documents with their end-of-text id 0 appended)
FIXTURES = [
    ("uint16", 1000, [[5, 17, 999, 0], [42, 0], [7, 8, 9, 10, 11, 0]]),
    ("int32", 70000, [[69999, 1, 0], [65536, 0]]),
]


def optimal_dtype(vocab_size):
    # Megatron's DType.optimal_dtype
    return np.uint16 if vocab_size < 65500 else np.int32


def write(prefix, vocab_size, documents):
    dtype = optimal_dtype(vocab_size)
    lengths = [len(d) for d in documents]
    with open(prefix + ".bin", "wb") as f:
        for d in documents:
            f.write(np.array(d, dtype=dtype).tobytes(order="C"))
    item = np.dtype(dtype).itemsize
    pointers = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64) * item
    document_indices = np.arange(len(documents) + 1, dtype=np.int64)
    with open(prefix + ".idx", "wb") as f:
        f.write(b"MMIDIDX\x00\x00")
        f.write(struct.pack("<Q", 1))
        f.write(struct.pack("<B", DTYPE_CODES[dtype]))
        f.write(struct.pack("<Q", len(lengths)))
        f.write(struct.pack("<Q", len(document_indices)))
        f.write(np.array(lengths, dtype=np.int32).tobytes(order="C"))
        f.write(pointers.tobytes(order="C"))
        f.write(document_indices.tobytes(order="C"))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for name, vocab, docs in FIXTURES:
        write(os.path.join(OUT, name), vocab, docs)
        print("wrote", os.path.join(OUT, name) + ".{bin,idx}")

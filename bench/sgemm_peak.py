"""fp32 matmul peak of this machine: numpy's a @ b (sgemm of the BLAS numpy loads), n x n, median of 7 after a warm-up.

Prints one JSON line with the GFLOP/s and, through threadpoolctl when installed, which BLAS library and kernel ran.
Run by bench/sgemm-peak.sh as: OPENBLAS_NUM_THREADS=2 LD_LIBRARY_PATH=<OpenBLAS dir> /usr/bin/python3 bench/sgemm_peak.py 2048
"""
import json
import statistics
import sys
import time

import numpy as np

try:
    from threadpoolctl import threadpool_info
except ImportError:
    threadpool_info = None

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
a = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
b = np.random.default_rng(1).standard_normal((n, n), dtype=np.float32)
a @ b
rates = []
for _ in range(7):
    t = time.perf_counter()
    a @ b
    rates.append(2 * n ** 3 / (time.perf_counter() - t) / 1e9)
print(json.dumps({"n": n, "gflops_median": statistics.median(rates), "gflops_max": max(rates), "gflops_min": min(rates),
                  "blas": threadpool_info() if threadpool_info else None}))

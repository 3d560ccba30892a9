#!/usr/bin/env bash
# The machine's fp32 matmul peak, for the benchmark scripts: bench/sgemm_peak.py (numpy's sgemm) on Debian's OpenBLAS
# (libopenblas0-pthread), used for this command only even where the system BLAS is another.
#
#   bench/sgemm-peak.sh THREADS
#
# Prints one line, "SGEMM {json}", or "NOTE no sgemm peak: ..." where numpy is missing.
set -euo pipefail

THREADS=${1:?usage: $0 THREADS}
OPENBLAS_DIR=/usr/lib/x86_64-linux-gnu/openblas-pthread
[[ -d $OPENBLAS_DIR ]] || OPENBLAS_DIR=
if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  # OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, when the environment sets them, slow a current OpenBLAS: unset for this only
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$THREADS" \
    ${OPENBLAS_DIR:+LD_LIBRARY_PATH=$OPENBLAS_DIR} /usr/bin/python3 "$(dirname "$0")/sgemm_peak.py" 2048 | sed 's/^/SGEMM /'
else
  echo "NOTE no sgemm peak: /usr/bin/python3 with numpy is missing (apt-get install python3-numpy libopenblas0-pthread)"
fi

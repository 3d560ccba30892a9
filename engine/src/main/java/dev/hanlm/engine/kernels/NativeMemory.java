package dev.hanlm.engine.kernels;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Memory off the heap for weights, through the C library: allocation that skips {@link Arena#allocate}'s zeroing
 * (one thread writing zeros took most of the time of packing a checkpoint, and every byte is written again at once),
 * and giving the pages of a mapped file region back to the operating system once its weights have been copied.
 */
public final class NativeMemory {
    private static final long ALIGNMENT = 64;
    /** {@code madvise}'s advice that the pages will not be needed: they leave the process, the file keeps them. */
    private static final int MADV_DONTNEED = 4;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MALLOC = function("malloc", FunctionDescriptor.of(ADDRESS, JAVA_LONG)).orElseThrow();
    private static final MethodHandle FREE = function("free", FunctionDescriptor.ofVoid(ADDRESS)).orElseThrow();
    /** Empty where there is no madvise to call, or its advice values differ (only Linux's are known here). */
    private static final Optional<MethodHandle> MADVISE = System.getProperty("os.name", "").startsWith("Linux")
            ? function("madvise", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT)) : Optional.empty();
    private static final long PAGE = MADVISE.isPresent()
            ? function("getpagesize", FunctionDescriptor.of(JAVA_INT)).map(NativeMemory::pageSize).orElse(4096L) : 4096L;

    private NativeMemory() {}

    private static Optional<MethodHandle> function(String name, FunctionDescriptor descriptor) {
        return LINKER.defaultLookup().find(name).map(address -> LINKER.downcallHandle(address, descriptor));
    }

    private static long pageSize(MethodHandle getpagesize) {
        try {
            return (int) getpagesize.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * {@code bytes} of memory, aligned to 64 bytes and not initialized, that {@code arena} frees when it closes.
     *
     * @throws OutOfMemoryError when the C library has no memory to give
     */
    public static MemorySegment allocate(long bytes, Arena arena) {
        if (bytes < 0) throw new IllegalArgumentException("negative size " + bytes);
        MemorySegment block;
        try {
            block = (MemorySegment) MALLOC.invokeExact(bytes + ALIGNMENT);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (block.address() == 0) throw new OutOfMemoryError("cannot allocate " + bytes + " bytes off the heap");
        long start = (block.address() + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        return MemorySegment.ofAddress(start).reinterpret(bytes, arena, unused -> free(block));
    }

    private static void free(MemorySegment block) {
        try {
            FREE.invokeExact(block);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Gives the whole pages inside {@code mapped}, a region of a memory-mapped file, back to the operating system: they
     * leave this process's resident memory and are read from the file again if touched. Nothing happens where the
     * system offers no such call, or to memory that is not native.
     */
    public static void dropPages(MemorySegment mapped) {
        if (MADVISE.isEmpty() || !mapped.isNative()) return;
        long start = (mapped.address() + PAGE - 1) / PAGE * PAGE, end = (mapped.address() + mapped.byteSize()) / PAGE * PAGE;
        if (end <= start) return;
        try {
            // advice only: a failure leaves the pages where they were, which is no error
            int ignored = (int) MADVISE.orElseThrow().invokeExact(MemorySegment.ofAddress(start), end - start, MADV_DONTNEED);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}

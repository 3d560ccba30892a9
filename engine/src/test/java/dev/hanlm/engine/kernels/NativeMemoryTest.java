package dev.hanlm.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void allocationIsAlignedWritableAndEndsWithItsArena() {
        MemorySegment kept;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = NativeMemory.allocate(1000, arena);
            assertEquals(1000, m.byteSize());
            assertEquals(0, m.address() % 64);
            for (long i = 0; i < 1000; i += 8) m.set(ValueLayout.JAVA_LONG_UNALIGNED, i, i);
            assertEquals(992, m.get(ValueLayout.JAVA_LONG_UNALIGNED, 992));
            kept = m;
        }
        assertThrows(IllegalStateException.class, () -> kept.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IllegalArgumentException.class, () -> NativeMemory.allocate(-1, Arena.global()));
    }

    @Test
    void droppedPagesLeaveTheProcessAndReadBackUnchanged() throws IOException {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "resident memory is read from /proc");
        int size = 64 << 20;
        Path file = tmp.resolve("weights.bin");
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) bytes[i] = (byte) (i * 31 + i / 4096);
        Files.write(file, bytes);
        try (Arena arena = Arena.ofConfined(); FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long sum = 0;
            for (long i = 0; i < size; i += 4096) sum += mapped.get(ValueLayout.JAVA_BYTE, i); // every page resident
            long before = residentKiB();
            NativeMemory.dropPages(mapped);
            long after = residentKiB();
            assertTrue(before - after > (size >> 10) / 2, "resident memory fell only from " + before + " to " + after + " KiB");
            // a page read again comes back from the file as it was
            long again = 0;
            for (long i = 0; i < size; i += 4096) again += mapped.get(ValueLayout.JAVA_BYTE, i);
            assertEquals(sum, again);
            assertEquals(bytes[size - 1], mapped.get(ValueLayout.JAVA_BYTE, size - 1));
        }
    }

    private static long residentKiB() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }
}

package dev.hanlm.train.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A buffered little-endian writer to a new file, with a way to patch a header written earlier. */
final class LittleEndianOutput implements AutoCloseable {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

    LittleEndianOutput(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    void writeByte(int v) throws IOException {
        room(1).put((byte) v);
    }

    void writeShort(int v) throws IOException {
        room(2).putShort((short) v);
    }

    void writeInt(int v) throws IOException {
        room(4).putInt(v);
    }

    void writeLong(long v) throws IOException {
        room(8).putLong(v);
    }

    void writeBytes(byte[] bytes) throws IOException {
        for (byte b : bytes) writeByte(b);
    }

    /** Overwrites bytes already written, from {@code position} on. */
    void patch(long position, ByteBuffer bytes) throws IOException {
        flush();
        while (bytes.hasRemaining()) position += channel.write(bytes, position);
    }

    private ByteBuffer room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) flush();
        return buffer;
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) channel.write(buffer);
        buffer.clear();
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            flush();
        }
    }
}

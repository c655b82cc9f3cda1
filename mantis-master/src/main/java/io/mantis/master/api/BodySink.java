package io.mantis.master.api;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Receives a request body chunk by chunk while counting, and refuses it with a 413 {@link ApiException} as soon
 * as it passes its limit. Used by one connection's event loop only; not thread-safe.
 */
sealed interface BodySink permits BodySink.Memory, BodySink.Spool {

    /** @throws ApiException 413 once the body is larger than the limit; the sink has then released everything */
    void append(ByteBuf chunk);

    /** The request with the received body attached; the sink must not be used afterwards. */
    Request complete(Request head);

    /** Drops whatever was received (a spool file is deleted). Idempotent. */
    void discard();

    static ApiException tooLarge(String what, long limit) {
        return ApiException.tooLarge(what + " is larger than the limit of " + limit + " bytes ("
                + (limit >> 20) + " MiB)" + (what.startsWith("the JAR")
                ? ": shrink the JAR or raise the master's maximum artifact size" : ""));
    }

    /** Keeps a small body in memory. */
    final class Memory implements BodySink {
        private final long limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Memory(long limit) {
            this.limit = limit;
        }

        @Override
        public void append(ByteBuf chunk) {
            if (bytes.size() + (long) chunk.readableBytes() > limit) {
                discard();
                throw tooLarge("the request body", limit);
            }
            try {
                chunk.readBytes(bytes, chunk.readableBytes());
            } catch (IOException impossible) {
                throw new UncheckedIOException(impossible);
            }
        }

        @Override
        public Request complete(Request head) {
            return head.withBody(bytes.toByteArray(), null);
        }

        @Override
        public void discard() {
            bytes.reset();
        }
    }

    /**
     * Writes the body to a new file in a spool directory. The writes are small appends to the page cache, so they
     * happen on the event loop rather than paying a thread hop per chunk.
     */
    final class Spool implements BodySink {
        private final long limit;
        private final Path file;
        private FileChannel channel;
        private long size;

        /** @throws UncheckedIOException when the spool file cannot be created */
        Spool(Path directory, long limit) {
            this.limit = limit;
            try {
                Files.createDirectories(directory);
                this.file = Files.createTempFile(directory, "upload-", ".part");
                this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create an upload file in " + directory + ": " + e, e);
            }
        }

        @Override
        public void append(ByteBuf chunk) {
            size += chunk.readableBytes();
            if (size > limit) {
                discard();
                throw tooLarge("the JAR", limit);
            }
            try {
                for (ByteBuffer buffer : chunk.nioBuffers()) {
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            } catch (IOException e) {
                discard();
                throw new UncheckedIOException("cannot write the upload to " + file + ": " + e, e);
            }
        }

        @Override
        public Request complete(Request head) {
            try {
                channel.close();
            } catch (IOException e) {
                discard();
                throw new UncheckedIOException("cannot write the upload to " + file + ": " + e, e);
            }
            return head.withBody(null, file);
        }

        @Override
        public void discard() {
            try {
                channel.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A leftover spool file is harmless; the directory is scratch space.
                org.slf4j.LoggerFactory.getLogger(Spool.class).warn("cannot delete upload file {}: {}", file, e.toString());
            }
        }
    }
}

package io.mantis.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Built-in codecs. The binary ones ({@link #string()}, {@link #bytes()}, {@link #longs()} ...) are the
 * cheap choice between workers; {@link #json} is convenient for records and costs several times more
 * per event.
 *
 * <p>Wire forms: {@code string} and {@code bytes} are a 4-byte big-endian length then the bytes (UTF-8 for
 * strings); numbers are their fixed-width big-endian form; {@code keyed} is the key's form followed by the
 * value's; {@code json} is a length-prefixed UTF-8 JSON document.
 */
public final class Codecs {

    /** Shared with {@link JsonText}, so sink rendering and the JSON codecs map types alike. */
    static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    private Codecs() {
    }

    /**
     * Largest single encoded string, byte array or JSON document: 64 MiB. Encoding a longer one fails with
     * an {@link IOException}, as decoding would.
     */
    public static final int MAX_LENGTH = 64 << 20;

    public static Codec<String> string() {
        return StringCodec.INSTANCE;
    }

    public static Codec<byte[]> bytes() {
        return BytesCodec.INSTANCE;
    }

    public static Codec<Long> longs() {
        return FixedWidthCodec.LONGS;
    }

    public static Codec<Integer> ints() {
        return FixedWidthCodec.INTS;
    }

    public static Codec<Double> doubles() {
        return FixedWidthCodec.DOUBLES;
    }

    /** Jackson-mapped {@code type}, as JSON. */
    public static <T> Codec<T> json(Class<T> type) {
        Objects.requireNonNull(type, "type is null");
        return new JsonCodec<>(MAPPER.constructType(type), type.getSimpleName());
    }

    /** Jackson-mapped generic type, as JSON. */
    public static <T> Codec<T> json(TypeReference<T> type) {
        Objects.requireNonNull(type, "type is null");
        JavaType javaType = MAPPER.constructType(type);
        return new JsonCodec<>(javaType, javaType.toCanonical());
    }

    /** A {@link Keyed} event: the key's form, then the value's. */
    public static <K, V> Codec<Keyed<K, V>> keyed(Codec<K> keyCodec, Codec<V> valueCodec) {
        Objects.requireNonNull(keyCodec, "keyCodec is null");
        Objects.requireNonNull(valueCodec, "valueCodec is null");
        return new Codec<>() {
            @Override
            public void encode(Keyed<K, V> value, DataOutput out) throws IOException {
                keyCodec.encode(value.key(), out);
                valueCodec.encode(value.value(), out);
            }

            @Override
            public Keyed<K, V> decode(DataInput in) throws IOException {
                K key = keyCodec.decode(in);
                return new Keyed<>(key, valueCodec.decode(in));
            }

            @Override
            public String typeName() {
                return "Keyed<" + keyCodec.typeName() + ", " + valueCodec.typeName() + ">";
            }
        };
    }

    /**
     * Writes the length prefix of a {@code what}, refusing lengths {@link #readLength} would reject, so an
     * oversized event fails on the stage that made it, with its size, not as a corrupt frame downstream.
     */
    static void writeLength(DataOutput out, int length, String what) throws IOException {
        if (length > MAX_LENGTH) {
            throw new IOException(what + " of " + length + " bytes is longer than the limit of " + MAX_LENGTH
                    + " bytes (Codecs.MAX_LENGTH): split it into smaller events");
        }
        out.writeInt(length);
    }

    static int readLength(DataInput in, String what) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_LENGTH) {
            throw new IOException(what + " length " + length + " is outside 0.." + MAX_LENGTH
                    + ": the bytes were not written by this codec");
        }
        return length;
    }

    private static final class StringCodec implements Codec<String> {
        static final StringCodec INSTANCE = new StringCodec();

        @Override
        public void encode(String value, DataOutput out) throws IOException {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            writeLength(out, bytes.length, "string");
            out.write(bytes);
        }

        @Override
        public String decode(DataInput in) throws IOException {
            byte[] bytes = new byte[readLength(in, "string")];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String typeName() {
            return "String";
        }
    }

    private static final class BytesCodec implements Codec<byte[]> {
        static final BytesCodec INSTANCE = new BytesCodec();

        @Override
        public void encode(byte[] value, DataOutput out) throws IOException {
            writeLength(out, value.length, "byte[]");
            out.write(value);
        }

        @Override
        public byte[] decode(DataInput in) throws IOException {
            byte[] bytes = new byte[readLength(in, "byte[]")];
            in.readFully(bytes);
            return bytes;
        }

        @Override
        public String typeName() {
            return "byte[]";
        }
    }

    /** A number in its fixed-width big-endian form. */
    private static final class FixedWidthCodec<T> implements Codec<T> {
        static final FixedWidthCodec<Long> LONGS =
                new FixedWidthCodec<>("Long", DataOutput::writeLong, DataInput::readLong);
        static final FixedWidthCodec<Integer> INTS =
                new FixedWidthCodec<>("Integer", DataOutput::writeInt, DataInput::readInt);
        static final FixedWidthCodec<Double> DOUBLES =
                new FixedWidthCodec<>("Double", DataOutput::writeDouble, DataInput::readDouble);

        private interface Writer<T> {
            void write(DataOutput out, T value) throws IOException;
        }

        private interface Reader<T> {
            T read(DataInput in) throws IOException;
        }

        private final String typeName;
        private final Writer<T> writer;
        private final Reader<T> reader;

        private FixedWidthCodec(String typeName, Writer<T> writer, Reader<T> reader) {
            this.typeName = typeName;
            this.writer = writer;
            this.reader = reader;
        }

        @Override
        public void encode(T value, DataOutput out) throws IOException {
            writer.write(out, value);
        }

        @Override
        public T decode(DataInput in) throws IOException {
            return reader.read(in);
        }

        @Override
        public String typeName() {
            return typeName;
        }
    }

    private static final class JsonCodec<T> implements Codec<T> {
        private final ObjectWriter writer;
        private final ObjectReader reader;
        private final String typeName;
        /** What length errors call an event of this codec: "JSON " + typeName. */
        private final String what;

        JsonCodec(JavaType type, String typeName) {
            this.writer = MAPPER.writerFor(type);
            this.reader = MAPPER.readerFor(type);
            this.typeName = typeName;
            this.what = "JSON " + typeName;
        }

        @Override
        public void encode(T value, DataOutput out) throws IOException {
            byte[] bytes = writer.writeValueAsBytes(value);
            writeLength(out, bytes.length, what);
            out.write(bytes);
        }

        @Override
        public T decode(DataInput in) throws IOException {
            byte[] bytes = new byte[readLength(in, what)];
            in.readFully(bytes);
            return reader.readValue(bytes);
        }

        @Override
        public String typeName() {
            return typeName;
        }
    }
}

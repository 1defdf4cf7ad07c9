package io.stylesync.common.embedding;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The one binary format of cached embeddings, on local disk and in S3 alike ({@link DataOutputStream},
 * big-endian): magic {@code SSEM}, format version, the key's three parts, n, dim, n ids, n x dim float32, then
 * a CRC-32 of everything before it. A file that fails any check (bad magic, other version or key, a count the
 * size cannot hold, truncation, trailing bytes, checksum) is refused as a whole.
 */
final class EmbeddingFile {

    static final int MAGIC = 0x5353454d; // "SSEM"
    static final int FORMAT_VERSION = 1;

    private EmbeddingFile() {}

    /** Written to a temporary name beside {@code target}, then moved into place: readers see all or nothing. */
    static void write(Path target, EmbeddingKey key, Embeddings embeddings) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + "-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                CRC32 crc = new CRC32();
                BufferedOutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                writeBody(key, embeddings, new DataOutputStream(new CheckedOutputStream(buffered, crc)));
                DataOutputStream trailer = new DataOutputStream(buffered);
                trailer.writeLong(crc.getValue());
                trailer.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static Embeddings read(Path file, EmbeddingKey key) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, key, Files.size(file));
        }
    }

    /** @throws CorruptEmbeddingFileException for any file that is not a complete, intact file of {@code key} */
    static Embeddings read(InputStream raw, EmbeddingKey key, long size) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        CRC32 crc = new CRC32();
        DataInputStream in = new DataInputStream(new CheckedInputStream(buffered, crc));
        try {
            if (in.readInt() != MAGIC) {
                throw new CorruptEmbeddingFileException("not an embedding file (bad magic)");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new CorruptEmbeddingFileException("format version " + version + ", expected " + FORMAT_VERSION);
            }
            EmbeddingKey stored = new EmbeddingKey(in.readUTF(), in.readUTF(), in.readUTF());
            if (!stored.equals(key)) {
                throw new CorruptEmbeddingFileException("the file holds " + stored);
            }
            int n = in.readInt();
            int dim = in.readInt();
            // Bound the header before allocating from it: a damaged count must not ask for gigabytes.
            if (n < 0 || dim < 0 || (long) n * dim * Float.BYTES + 2L * n > size) {
                throw new CorruptEmbeddingFileException("header claims " + n + " x " + dim + " in " + size + " bytes");
            }
            List<String> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ids.add(in.readUTF());
            }
            float[][] vectors = new float[n][dim];
            byte[] row = new byte[dim * Float.BYTES];
            for (int i = 0; i < n; i++) {
                in.readFully(row);
                ByteBuffer.wrap(row).asFloatBuffer().get(vectors[i]);
            }
            long computed = crc.getValue();
            if (computed != new DataInputStream(buffered).readLong()) {
                throw new CorruptEmbeddingFileException("checksum mismatch");
            }
            if (buffered.read() != -1) {
                throw new CorruptEmbeddingFileException("trailing bytes after the checksum");
            }
            return new Embeddings(ids, vectors);
        } catch (EOFException e) {
            throw new CorruptEmbeddingFileException("the file ends early");
        } catch (IllegalArgumentException e) {
            throw new CorruptEmbeddingFileException("the header holds an invalid key: " + e.getMessage());
        }
    }

    private static void writeBody(EmbeddingKey key, Embeddings e, DataOutputStream out) throws IOException {
        int dim = e.dim();
        out.writeInt(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeUTF(key.datasetVersion());
        out.writeUTF(key.backboneSha256());
        out.writeUTF(key.preprocessingFingerprint());
        out.writeInt(e.size());
        out.writeInt(dim);
        for (String id : e.ids()) {
            out.writeUTF(id);
        }
        ByteBuffer row = ByteBuffer.allocate(dim * Float.BYTES);
        for (float[] vector : e.vectors()) {
            row.clear();
            row.asFloatBuffer().put(vector);
            out.write(row.array(), 0, row.capacity());
        }
    }

    static final class CorruptEmbeddingFileException extends IOException {
        CorruptEmbeddingFileException(String message) {
            super(message);
        }
    }
}

package io.stylesync.training.features;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backbone features on local disk, one file per (dataset version, backbone, preprocessing). With a frozen
 * backbone the features of a dataset never change, so they are computed once, not per epoch or per run.
 *
 * <p>File layout ({@link DataOutputStream}, big-endian): magic {@code SSFC}, format version, the key, n, dim,
 * n ids, n x dim floats, then a CRC-32 of everything before it. A file is written to a temporary name in the
 * same directory and moved into place atomically, so readers see a complete file or none. A file that fails
 * any check (truncated, bit rot, other key or version) is a cache miss, logged; the next save replaces it.
 */
public final class FeatureCache {

    private static final Logger log = LoggerFactory.getLogger(FeatureCache.class);
    private static final int MAGIC = 0x53534643; // "SSFC"
    private static final int FORMAT_VERSION = 1;
    private static final String SUFFIX = ".features";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

    private final Path dir;

    public FeatureCache(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** Feature rows and the sample ids they belong to, in the same order. */
    public record CachedFeatures(List<String> ids, float[][] features) {

        public CachedFeatures {
            ids = List.copyOf(ids);
            if (ids.size() != features.length) {
                throw new IllegalArgumentException(ids.size() + " ids but " + features.length + " feature rows");
            }
            int dim = features.length == 0 ? 0 : features[0].length;
            for (int i = 0; i < features.length; i++) {
                if (features[i].length != dim) {
                    throw new IllegalArgumentException(
                            "row " + i + " has " + features[i].length + " features, row 0 has " + dim);
                }
            }
        }

        public int dim() {
            return features.length == 0 ? 0 : features[0].length;
        }
    }

    /**
     * A file-name-safe key (SHA-256 hex) naming everything the features depend on.
     *
     * @param preprocessingFingerprint e.g. {@code PreprocessConfig.fingerprint()}
     */
    public static String key(String datasetVersion, String backboneSha256, String preprocessingFingerprint) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha.update(("stylesync-features/v" + FORMAT_VERSION + "\n").getBytes(StandardCharsets.UTF_8));
        // Length-prefixed, so no two different triples can produce the same bytes.
        for (String part : List.of(datasetVersion, backboneSha256, preprocessingFingerprint)) {
            byte[] bytes = Objects.requireNonNull(part, "key part").getBytes(StandardCharsets.UTF_8);
            sha.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public Optional<CachedFeatures> load(String key) {
        Path file = file(key);
        try (InputStream raw = Files.newInputStream(file)) {
            return Optional.of(read(key, new BufferedInputStream(raw, 1 << 16), Files.size(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (CorruptCacheFileException e) {
            log.warn("ignoring feature cache file {}: {}", file, e.getMessage());
            return Optional.empty();
        } catch (EOFException e) {
            log.warn("ignoring feature cache file {}: it ends early", file);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read feature cache file " + file, e);
        }
    }

    public void save(String key, CachedFeatures f) {
        Path target = file(key);
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + key + "-", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                CRC32 crc = new CRC32();
                BufferedOutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                write(key, f, new DataOutputStream(new CheckedOutputStream(buffered, crc)));
                DataOutputStream trailer = new DataOutputStream(buffered);
                trailer.writeLong(crc.getValue());
                trailer.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write feature cache file " + target, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the temp name is never read; leaving it behind is harmless
                }
            }
        }
    }

    public Path file(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(
                    "a cache key is 1-200 characters of [A-Za-z0-9._-], not starting with '.': " + key);
        }
        return dir.resolve(key + SUFFIX);
    }

    private static void write(String key, CachedFeatures f, DataOutputStream out) throws IOException {
        int n = f.features().length;
        int dim = f.dim();
        out.writeInt(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeUTF(key);
        out.writeInt(n);
        out.writeInt(dim);
        for (String id : f.ids()) {
            out.writeUTF(id);
        }
        ByteBuffer row = ByteBuffer.allocate(dim * Float.BYTES);
        for (float[] features : f.features()) {
            row.clear();
            row.asFloatBuffer().put(features);
            out.write(row.array(), 0, row.capacity());
        }
    }

    private static CachedFeatures read(String key, InputStream buffered, long fileSize) throws IOException {
        CRC32 crc = new CRC32();
        DataInputStream in = new DataInputStream(new CheckedInputStream(buffered, crc));
        if (in.readInt() != MAGIC) {
            throw new CorruptCacheFileException("not a feature cache file (bad magic)");
        }
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new CorruptCacheFileException("format version " + version + ", expected " + FORMAT_VERSION);
        }
        String stored = in.readUTF();
        if (!stored.equals(key)) {
            throw new CorruptCacheFileException("file holds key " + stored);
        }
        int n = in.readInt();
        int dim = in.readInt();
        // Bound the header before allocating from it: a damaged count must not ask for gigabytes.
        if (n < 0 || dim < 0 || (long) n * dim * Float.BYTES + 2L * n > fileSize) {
            throw new CorruptCacheFileException(
                    "header claims " + n + " x " + dim + " features in " + fileSize + " bytes");
        }
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(in.readUTF());
        }
        float[][] features = new float[n][dim];
        byte[] row = new byte[dim * Float.BYTES];
        for (int i = 0; i < n; i++) {
            in.readFully(row);
            ByteBuffer.wrap(row).asFloatBuffer().get(features[i]);
        }
        long computed = crc.getValue();
        long expected = new DataInputStream(buffered).readLong();
        if (computed != expected) {
            throw new CorruptCacheFileException("checksum mismatch");
        }
        if (buffered.read() != -1) {
            throw new CorruptCacheFileException("trailing bytes after the checksum");
        }
        return new CachedFeatures(ids, features);
    }

    private static final class CorruptCacheFileException extends IOException {
        CorruptCacheFileException(String message) {
            super(message);
        }
    }
}

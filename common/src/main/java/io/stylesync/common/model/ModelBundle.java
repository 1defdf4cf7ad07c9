package io.stylesync.common.model;

import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.image.ResizePolicy;
import io.stylesync.common.search.HashingTokenizer;
import io.stylesync.common.search.TextEncoder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model bundle on disk: {@code bundle.json}, the TorchScript backbone, and the heads' weights
 * ({@code heads.bin}). Reading verifies the backbone's SHA-256 and every head's shape, so a corrupt
 * or mismatched artifact is refused at load instead of serving wrong answers.
 */
public final class ModelBundle {

    public static final String HEADS_FILE = "heads.bin";
    private static final int HEADS_MAGIC = 0x53534844; // "SSHD"

    private final Path dir;
    private final BundleManifest manifest;
    private final List<LinearHead> heads;
    private final TextEncoder textEncoder;

    private ModelBundle(Path dir, BundleManifest manifest, List<LinearHead> heads, TextEncoder textEncoder) {
        this.dir = dir;
        this.manifest = manifest;
        this.heads = heads;
        this.textEncoder = textEncoder;
    }

    public static void write(Path dir, BundleManifest manifest, List<LinearHead> heads, JsonMapper json) {
        try {
            Files.createDirectories(dir);
            try (DataOutputStream out = new DataOutputStream(
                    new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve(HEADS_FILE))))) {
                out.writeInt(HEADS_MAGIC);
                out.writeInt(heads.size());
                for (LinearHead h : heads) {
                    out.writeUTF(h.attribute());
                    out.writeInt(h.classes().size());
                    out.writeInt(h.featureDim());
                    for (float[] row : h.weight()) {
                        for (float v : row) {
                            out.writeFloat(v);
                        }
                    }
                    for (float b : h.bias()) {
                        out.writeFloat(b);
                    }
                }
            }
            Files.write(
                    dir.resolve(BundleManifest.FILE),
                    json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model bundle to " + dir, e);
        }
    }

    public static ModelBundle read(Path dir, JsonMapper json) {
        Path manifestFile = dir.resolve(BundleManifest.FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidModelBundleException("no " + BundleManifest.FILE + " in " + dir);
        }
        BundleManifest m;
        try {
            m = json.readValue(manifestFile.toFile(), BundleManifest.class);
        } catch (RuntimeException e) {
            throw new InvalidModelBundleException("unreadable " + BundleManifest.FILE + ": " + e.getMessage());
        }
        if (m.schemaVersion() != BundleManifest.SCHEMA_VERSION) {
            throw new InvalidModelBundleException("bundle schema " + m.schemaVersion() + " is not supported");
        }
        verifySha256(dir, m.backbone().file(), m.backbone().sha256());
        for (BundleManifest.Export export : m.backbone().exportsOrEmpty().values()) {
            verifySha256(dir, export.file(), export.sha256());
        }
        List<LinearHead> heads = readHeads(dir.resolve(HEADS_FILE), m);
        return new ModelBundle(dir, m, heads, readTextEncoder(dir, m));
    }

    private static TextEncoder readTextEncoder(Path dir, BundleManifest m) {
        BundleManifest.TextEncoder spec = m.textEncoder();
        if (spec == null) {
            return null;
        }
        if (!HashingTokenizer.SCHEME.equals(spec.tokenizer())) {
            throw new InvalidModelBundleException("text encoder tokenizer '" + spec.tokenizer()
                    + "' is not supported (this build has " + HashingTokenizer.SCHEME + ")");
        }
        Path path = verifySha256(dir, spec.file(), spec.sha256());
        try {
            return TextEncoder.fromSafetensors(
                    Files.readAllBytes(path),
                    new HashingTokenizer(spec.buckets()),
                    spec.embeddingDim(),
                    spec.hiddenDim(),
                    spec.outputDim(),
                    m.backbone().featureDim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new InvalidModelBundleException("text encoder " + spec.file() + " is unreadable: " + e.getMessage());
        }
    }

    private static Path verifySha256(Path dir, String file, String expected) {
        Path path = dir.resolve(file).normalize();
        if (!path.startsWith(dir.normalize())) {
            throw new InvalidModelBundleException("bundle file " + file + " is outside the bundle");
        }
        String sha = sha256(path);
        if (!sha.equals(expected)) {
            throw new InvalidModelBundleException(
                    "bundle file " + file + " has SHA-256 " + sha + ", the bundle says " + expected);
        }
        return path;
    }

    private static List<LinearHead> readHeads(Path file, BundleManifest m) {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != HEADS_MAGIC) {
                throw new InvalidModelBundleException(HEADS_FILE + " is not a StyleSync heads file");
            }
            int n = in.readInt();
            if (n != m.heads().size()) {
                throw new InvalidModelBundleException(HEADS_FILE + " has " + n + " heads, the bundle lists "
                        + m.heads().size());
            }
            List<LinearHead> heads = new ArrayList<>(n);
            for (BundleManifest.Head spec : m.heads()) {
                String attribute = in.readUTF();
                int classes = in.readInt();
                int dim = in.readInt();
                if (!attribute.equals(spec.attribute())
                        || classes != spec.classes().size()
                        || dim != m.backbone().featureDim()) {
                    throw new InvalidModelBundleException("head " + attribute + " (" + classes + " x " + dim
                            + ") does not match the bundle's " + spec.attribute() + " ("
                            + spec.classes().size() + " x "
                            + m.backbone().featureDim() + ")");
                }
                float[][] w = new float[classes][dim];
                for (float[] row : w) {
                    for (int j = 0; j < dim; j++) {
                        row[j] = in.readFloat();
                    }
                }
                float[] b = new float[classes];
                for (int k = 0; k < classes; k++) {
                    b[k] = in.readFloat();
                }
                heads.add(new LinearHead(attribute, spec.classes(), w, b, spec.temperatureOrOne()));
            }
            if (in.read() != -1) {
                throw new InvalidModelBundleException(HEADS_FILE + " has trailing bytes");
            }
            return heads;
        } catch (java.io.EOFException e) {
            throw new InvalidModelBundleException(HEADS_FILE + " is truncated");
        } catch (IOException e) {
            throw new InvalidModelBundleException("cannot read " + file + ": " + e.getMessage());
        }
    }

    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidModelBundleException("missing file " + file.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public List<LinearHead> heads() {
        return heads;
    }

    /** The text encoder of text search, if the bundle carries one. */
    public java.util.Optional<TextEncoder> textEncoder() {
        return java.util.Optional.ofNullable(textEncoder);
    }

    public Path backboneFile() {
        return dir.resolve(manifest.backbone().file());
    }

    /** The bundle's export of the backbone for {@code engine}, if it carries one. */
    public java.util.Optional<BundleManifest.Export> export(BackboneEngine engine) {
        return java.util.Optional.ofNullable(
                manifest.backbone().exportsOrEmpty().get(engine.id()));
    }

    /** The preprocessing the model must be served with, as the shared {@link PreprocessConfig}. */
    public PreprocessConfig preprocessConfig() {
        var p = manifest.preprocessing();
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int i = 0; i < 3; i++) {
            mean[i] = p.mean().get(i);
            std[i] = p.std().get(i);
        }
        return new PreprocessConfig(p.width(), p.height(), ResizePolicy.valueOf(p.resize()), mean, std);
    }

    public static BundleManifest.Preprocessing describe(PreprocessConfig c) {
        return new BundleManifest.Preprocessing(
                c.width(),
                c.height(),
                c.resize().name(),
                List.of(c.mean()[0], c.mean()[1], c.mean()[2]),
                List.of(c.std()[0], c.std()[1], c.std()[2]),
                c.fingerprint());
    }
}

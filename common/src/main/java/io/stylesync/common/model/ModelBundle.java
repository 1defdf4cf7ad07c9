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
    private final List<ClassifierHead> heads;
    private final TextEncoder textEncoder;

    private ModelBundle(Path dir, BundleManifest manifest, List<ClassifierHead> heads, TextEncoder textEncoder) {
        this.dir = dir;
        this.manifest = manifest;
        this.heads = heads;
        this.textEncoder = textEncoder;
    }

    public static void write(Path dir, BundleManifest manifest, List<ClassifierHead> heads, JsonMapper json) {
        try {
            checkHeadsMatch(manifest, heads);
            Files.createDirectories(dir);
            try (DataOutputStream out = new DataOutputStream(
                    new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve(HEADS_FILE))))) {
                out.writeInt(HEADS_MAGIC);
                out.writeInt(heads.size());
                for (ClassifierHead h : heads) {
                    out.writeUTF(h.attribute());
                    out.writeInt(h.classes().size());
                    out.writeInt(h.featureDim());
                    if (h.hidden() != null) {
                        writeLayer(out, h.hidden().weight(), h.hidden().bias());
                    }
                    writeLayer(out, h.weight(), h.bias());
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
        List<ClassifierHead> heads = readHeads(dir.resolve(HEADS_FILE), m);
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

    private static List<ClassifierHead> readHeads(Path file, BundleManifest m) {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != HEADS_MAGIC) {
                throw new InvalidModelBundleException(HEADS_FILE + " is not a StyleSync heads file");
            }
            int n = in.readInt();
            if (n != m.heads().size()) {
                throw new InvalidModelBundleException(HEADS_FILE + " has " + n + " heads, the bundle lists "
                        + m.heads().size());
            }
            List<ClassifierHead> heads = new ArrayList<>(n);
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
                int units = spec.hiddenUnitsOrZero();
                if (units < 0 || units > BundleManifest.Head.MAX_HIDDEN_UNITS) {
                    throw new InvalidModelBundleException("head " + attribute + " declares " + units
                            + " hidden units (0 to " + BundleManifest.Head.MAX_HIDDEN_UNITS + " allowed)");
                }
                ClassifierHead.Hidden hidden = null;
                int inputs = dim;
                if (units > 0) {
                    hidden = new ClassifierHead.Hidden(readMatrix(in, units, dim), readVector(in, units));
                    inputs = hidden.units();
                }
                float[][] w = readMatrix(in, classes, inputs);
                float[] b = readVector(in, classes);
                heads.add(new ClassifierHead(attribute, spec.classes(), hidden, w, b, spec.temperatureOrOne()));
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

    private static void checkHeadsMatch(BundleManifest manifest, List<ClassifierHead> heads) {
        if (manifest.heads().size() != heads.size()) {
            throw new IllegalArgumentException(
                    manifest.heads().size() + " heads in the manifest, " + heads.size() + " to write");
        }
        for (int i = 0; i < heads.size(); i++) {
            BundleManifest.Head spec = manifest.heads().get(i);
            ClassifierHead head = heads.get(i);
            if (!spec.attribute().equals(head.attribute()) || spec.hiddenUnitsOrZero() != head.hiddenUnits()) {
                throw new IllegalArgumentException("manifest head " + spec.attribute() + " (" + spec.hiddenUnitsOrZero()
                        + " hidden units) does not describe head " + head.attribute() + " (" + head.hiddenUnits()
                        + ")");
            }
        }
    }

    private static void writeLayer(DataOutputStream out, float[][] weight, float[] bias) throws IOException {
        for (float[] row : weight) {
            for (float v : row) {
                out.writeFloat(v);
            }
        }
        for (float b : bias) {
            out.writeFloat(b);
        }
    }

    private static float[][] readMatrix(DataInputStream in, int rows, int cols) throws IOException {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = in.readFloat();
            }
        }
        return m;
    }

    private static float[] readVector(DataInputStream in, int n) throws IOException {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = in.readFloat();
        }
        return v;
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

    public List<ClassifierHead> heads() {
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

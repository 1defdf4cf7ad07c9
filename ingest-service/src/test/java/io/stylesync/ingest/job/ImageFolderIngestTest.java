package io.stylesync.ingest.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetReader;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.testing.ImageCorpus;
import io.stylesync.common.testing.Prerequisites;
import io.stylesync.ingest.support.IngestServiceTest;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code image-folder} layout end to end on real data: Fashion-MNIST (Debian's dataset-fashion-mnist, as
 * tools/fashion_mnist_to_kaggle.py reads it) written to S3 as one folder per class, ingested over HTTP, and read
 * back as training reads a dataset version: every class a label, every record a split and a decodable image.
 */
class ImageFolderIngestTest extends IngestServiceTest {

    static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    static final List<String> CLASSES = List.of(
            "T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    static final int PER_CLASS = 12;

    @Test
    void ingestsFashionMnistWrittenAsClassFolders() throws Exception {
        Path images = FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz");
        Prerequisites.require(Files.exists(images), "Fashion-MNIST at " + FASHION_MNIST, "make deps-demo installs it");
        int[] labels = readIdx(FASHION_MNIST.resolve("t10k-labels-idx1-ubyte.gz"));
        int[] taken = new int[CLASSES.size()];
        try (DataInputStream in = idx(images)) {
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            byte[] pixels = new byte[rows * cols];
            for (int i = 0; i < n && sum(taken) < PER_CLASS * CLASSES.size(); i++) {
                in.readFully(pixels);
                int label = labels[i];
                if (taken[label]++ >= PER_CLASS) {
                    continue;
                }
                BufferedImage gray = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
                gray.getRaster().setDataElements(0, 0, cols, rows, pixels);
                put(
                        "raw-folders",
                        "fashion-mnist/" + CLASSES.get(label) + "/" + i + ".png",
                        ImageCorpus.encode(gray, "png"));
            }
        }

        JsonNode job = ingest(
                Map.of(
                        "source", "s3://raw-folders/fashion-mnist",
                        "layout", "image-folder",
                        "dataset", "fashion-mnist-folders",
                        "imageSize", 32,
                        "minClassCount", 5),
                Duration.ofMinutes(3));

        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        DatasetReader reader = new DatasetReader(store(), JsonMapper.builder().build(), OUTPUT_BUCKET);
        DatasetManifest manifest =
                reader.findVersion(job.get("version").asString()).orElseThrow();
        assertThat(manifest.layout()).isEqualTo("image-folder");
        assertThat(manifest.labelMaps().get("label")).containsExactlyInAnyOrderElementsOf(CLASSES);
        List<DatasetRecord> records = reader.records(manifest);
        assertThat(records).hasSize(PER_CLASS * CLASSES.size());
        Map<String, Long> perClass =
                records.stream().collect(Collectors.groupingBy(r -> r.labels().get("label"), Collectors.counting()));
        assertThat(perClass)
                .hasSize(CLASSES.size())
                .allSatisfy((c, n) -> assertThat(n).isEqualTo(PER_CLASS));
        assertThat(records.stream().map(DatasetRecord::split).distinct())
                .containsExactlyInAnyOrder(Split.TRAIN, Split.VAL, Split.TEST);
        DatasetRecord first = records.getFirst();
        BufferedImage processed = javax.imageio.ImageIO.read(
                new java.io.ByteArrayInputStream(reader.file(manifest, first.key(), 1 << 20)));
        assertThat(processed.getWidth()).isEqualTo(32);
    }

    private static int sum(int[] a) {
        int s = 0;
        for (int v : a) {
            s += Math.min(v, PER_CLASS);
        }
        return s;
    }

    private static DataInputStream idx(Path file) throws IOException {
        DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)));
        in.readInt(); // magic: type and dimension count
        return in;
    }

    private static int[] readIdx(Path labelsFile) throws IOException {
        try (DataInputStream in = idx(labelsFile)) {
            int n = in.readInt();
            int[] labels = new int[n];
            InputStream raw = in;
            for (int i = 0; i < n; i++) {
                labels[i] = raw.read();
            }
            return labels;
        }
    }
}

package io.stylesync.inference.analyze;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.RgbImage;
import io.stylesync.common.testing.SharedData;
import io.stylesync.inference.analyze.face.FaceBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The ground-truth face boxes of {@code ../shared/datasets/faces/annotated/{training,testing}.xml} (dlib imglab). */
record AnnotatedFaces(String file, Path path, List<FaceBox> boxes) {

    static final Path DIR = Path.of("datasets/faces/annotated");

    static List<AnnotatedFaces> load(String xml) throws Exception {
        Path dir = SharedData.require(DIR.toString());
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        var doc = factory.newDocumentBuilder().parse(dir.resolve(xml).toFile());
        NodeList images = doc.getElementsByTagName("image");
        List<AnnotatedFaces> out = new ArrayList<>();
        for (int i = 0; i < images.getLength(); i++) {
            Element image = (Element) images.item(i);
            NodeList boxes = image.getElementsByTagName("box");
            List<FaceBox> faces = new ArrayList<>();
            for (int j = 0; j < boxes.getLength(); j++) {
                Element b = (Element) boxes.item(j);
                faces.add(new FaceBox(attr(b, "left"), attr(b, "top"), attr(b, "width"), attr(b, "height")));
            }
            String file = image.getAttribute("file");
            out.add(new AnnotatedFaces(file, dir.resolve(file), List.copyOf(faces)));
        }
        return out;
    }

    RgbImage decode() throws Exception {
        return new ImageDecoder(DecodeLimits.defaults()).decode(Files.readAllBytes(path));
    }

    private static int attr(Element e, String name) {
        return Integer.parseInt(e.getAttribute(name));
    }
}

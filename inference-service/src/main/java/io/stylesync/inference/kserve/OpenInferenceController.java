package io.stylesync.inference.kserve;

import io.stylesync.common.error.ProblemException;
import io.stylesync.common.model.ClassifierHead;
import io.stylesync.inference.model.ModelNotReadyException;
import io.stylesync.inference.model.ModelRole;
import io.stylesync.inference.model.ModelSlots;
import io.stylesync.inference.model.ServingModel;
import io.stylesync.inference.predict.ImageEmbedder;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Open Inference Protocol (KServe v2) subset for interoperability: health, model metadata and
 * {@code infer} with one BYTES input of image files, in JSON (base64) or with the binary tensor data extension
 * (raw files). Each head is an FP32 output {@code [n, classes]} of probabilities plus a BYTES output
 * {@code <head>_label} with the top-1 labels, in JSON or, on request, in binary. Errors are the protocol's
 * {@code {"error": "..."}} ({@link OpenInferenceErrors}).
 */
@RestController
@RequestMapping("/v2")
@Tag(name = "Open Inference Protocol", description = "KServe v2 subset")
public class OpenInferenceController {

    static final String INPUT = "image";
    private static final int MAX_IMAGES = 64;

    private final ModelSlots slots;
    private final ImageEmbedder embedder;
    private final InferBodyCodec codec;

    public OpenInferenceController(ModelSlots slots, ImageEmbedder embedder, InferBodyCodec codec) {
        this.slots = slots;
        this.embedder = embedder;
        this.codec = codec;
    }

    @GetMapping("/health/live")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GetMapping("/health/ready")
    public ResponseEntity<Map<String, Boolean>> ready() {
        boolean ready = slots.current(ModelRole.CHAMPION).isPresent();
        return ResponseEntity.status(ready ? 200 : 503).body(Map.of("ready", ready));
    }

    @GetMapping({"/models/{name}/ready", "/models/{name}/versions/{version}/ready"})
    public ResponseEntity<Map<String, Object>> modelReady(
            @PathVariable String name, @PathVariable(required = false) String version) {
        ServingModel m = served(name, version);
        return ResponseEntity.ok(Map.of("name", m.name(), "ready", true));
    }

    @Operation(summary = "Model metadata: versions, input and output tensors")
    @GetMapping({"/models/{name}", "/models/{name}/versions/{version}"})
    public ModelMetadata metadata(@PathVariable String name, @PathVariable(required = false) String version) {
        ServingModel m = served(name, version);
        List<ModelMetadata.TensorSpec> outputs = new ArrayList<>();
        for (ClassifierHead h : m.heads()) {
            outputs.add(new ModelMetadata.TensorSpec(
                    h.attribute(), "FP32", List.of(-1, h.classes().size()), Map.of("labels", h.classes())));
            outputs.add(new ModelMetadata.TensorSpec(h.attribute() + "_label", "BYTES", List.of(-1), Map.of()));
        }
        return new ModelMetadata(
                m.name(),
                List.of(m.version()),
                "pytorch_torchscript",
                List.of(
                        new ModelMetadata.TensorSpec(
                                INPUT,
                                "BYTES",
                                List.of(-1),
                                Map.of(
                                        "content",
                                        "one JPEG, PNG, WebP, GIF or BMP file per element: base64 in JSON data, raw in binary"))),
                outputs);
    }

    @Operation(
            summary = "Run the model on images (input 'image', BYTES, shape [n]): base64 in JSON, or raw files with "
                    + "the binary tensor data extension (Inference-Header-Content-Length)")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = {
                @Content(mediaType = "application/json", schema = @Schema(implementation = InferRequest.class)),
                @Content(
                        mediaType = "application/octet-stream",
                        schema =
                                @Schema(
                                        type = "string",
                                        format = "binary",
                                        description =
                                                "Inference-Header-Content-Length bytes of InferRequest JSON, then the "
                                                        + "inputs' binary data"))
            })
    @ApiResponse(
            responseCode = "200",
            content = {
                @Content(mediaType = "application/json", schema = @Schema(implementation = InferResponse.class)),
                @Content(
                        mediaType = "application/octet-stream",
                        schema =
                                @Schema(
                                        type = "string",
                                        format = "binary",
                                        description =
                                                "outputs asked for in binary: InferResponse JSON, then their data"))
            })
    @PostMapping(
            path = {"/models/{name}/infer", "/models/{name}/versions/{version}/infer"},
            // tritonclient sends no Content-Type, which Spring matches as application/octet-stream
            consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    public ResponseEntity<?> infer(
            @PathVariable String name,
            @PathVariable(required = false) String version,
            @RequestHeader(name = BinaryTensors.HEADER_LENGTH, required = false) String headerLength,
            @RequestBody byte[] body,
            HttpServletRequest http) {
        InferBodyCodec.InferBody parsed = codec.read(body, headerLength, new ServletServerHttpRequest(http));
        InferRequest request = parsed.request();
        ServingModel m = served(name, version);
        List<byte[]> images = images(request, parsed.binary());
        Set<String> wanted = request.outputs() == null || request.outputs().isEmpty()
                ? null
                : request.outputs().stream()
                        .map(o -> o == null || o.name() == null ? "" : o.name())
                        .collect(java.util.stream.Collectors.toSet());
        boolean allBinary = InferBodyCodec.flag(request.parameters(), "binary_data_output", false);
        Map<String, Boolean> binary = new HashMap<>();
        if (request.outputs() != null) {
            for (InferRequest.RequestedOutput o : request.outputs()) {
                if (o != null && o.name() != null) {
                    binary.put(o.name(), InferBodyCodec.flag(o.parameters(), "binary_data", allBinary));
                }
            }
        }
        List<Embedded> embedded = embedAll(images);
        if (embedded.stream().map(Embedded::model).distinct().count() > 1) {
            embedded = embedAll(images); // the model was swapped mid-request: one version must answer for all
        }
        ServingModel answering = embedded.getFirst().model();
        List<ClassifierHead> heads = answering.heads();
        List<float[]> embeddings = embedded.stream().map(Embedded::vector).toList();
        List<InferResponse.Output> outputs = new ArrayList<>();
        for (ClassifierHead h : heads) {
            int c = h.classes().size();
            List<Float> probabilities = new ArrayList<>(images.size() * c);
            List<String> labels = new ArrayList<>(images.size());
            for (float[] x : embeddings) {
                float[] p = h.probabilities(x);
                int best = 0;
                for (int k = 0; k < c; k++) {
                    probabilities.add(p[k]);
                    best = p[k] > p[best] ? k : best;
                }
                labels.add(h.classes().get(best));
            }
            if (wanted == null || wanted.contains(h.attribute())) {
                outputs.add(new InferResponse.Output(h.attribute(), "FP32", List.of(images.size(), c), probabilities));
            }
            if (wanted == null || wanted.contains(h.attribute() + "_label")) {
                outputs.add(
                        new InferResponse.Output(h.attribute() + "_label", "BYTES", List.of(images.size()), labels));
            }
        }
        if (wanted != null && outputs.size() < wanted.size()) {
            throw invalid("unknown output requested; this model has "
                    + heads.stream().map(ClassifierHead::attribute).toList() + " and their '_label' outputs");
        }
        return codec.write(
                new InferResponse(
                        m.name(),
                        answering.version(),
                        request.id() == null ? UUID.randomUUID().toString() : request.id(),
                        outputs),
                output -> binary.getOrDefault(output, allBinary));
    }

    private record Embedded(ServingModel model, float[] vector) {}

    private List<Embedded> embedAll(List<byte[]> images) {
        List<Embedded> embedded = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Embedded>> futures = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                byte[] bytes = images.get(i);
                String what = "input '" + INPUT + "' element " + i;
                futures.add(pool.submit(() -> embedder.embed(
                        bytes,
                        what,
                        ModelRole.CHAMPION,
                        e -> new Embedded(e.model(), e.embedding().vector()))));
            }
            for (Future<Embedded> f : futures) {
                embedded.add(get(f));
            }
        }
        return embedded;
    }

    private static List<byte[]> images(InferRequest request, List<byte[]> binary) {
        if (request.inputs() == null || request.inputs().size() != 1) {
            throw invalid("expected exactly one input tensor named '" + INPUT + "'");
        }
        InferRequest.Tensor t = request.inputs().getFirst();
        if (t == null) {
            throw invalid("expected exactly one input tensor named '" + INPUT + "', got null");
        }
        if (!INPUT.equals(t.name()) || !"BYTES".equals(t.datatype())) {
            throw invalid(
                    "input must be named '" + INPUT + "' with datatype BYTES; got '" + t.name() + "' " + t.datatype());
        }
        List<byte[]> images = binary.getFirst() != null
                ? BinaryTensors.readBytes(binary.getFirst(), "input '" + INPUT + "'")
                : base64Elements(t.data());
        if (images.isEmpty() || images.size() > MAX_IMAGES) {
            throw invalid("input '" + INPUT + "' must hold 1 to " + MAX_IMAGES + " images");
        }
        if (t.shape() == null
                || t.shape().size() != 1
                || !Long.valueOf(images.size()).equals(t.shape().getFirst())) {
            throw invalid("shape " + t.shape() + " does not match the " + images.size() + " data elements (expected ["
                    + images.size() + "])");
        }
        return images;
    }

    private static List<byte[]> base64Elements(List<Object> data) {
        if (data == null || data.size() > MAX_IMAGES) {
            throw invalid("input '" + INPUT + "' must hold 1 to " + MAX_IMAGES
                    + " base64 images in 'data', or raw files in binary (parameters.binary_data_size)");
        }
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            if (!(data.get(i) instanceof String s)) {
                throw invalid("element " + i + " of input '" + INPUT + "' is not a base64 string");
            }
            try {
                images.add(Base64.getDecoder().decode(s));
            } catch (IllegalArgumentException e) {
                throw invalid("element " + i + " of input '" + INPUT + "' is not valid base64: " + e.getMessage());
            }
        }
        return images;
    }

    /** The champion, if it is the model named, and the version asked for when one is. */
    private ServingModel served(String name, String version) {
        ServingModel m = slots.current(ModelRole.CHAMPION)
                .orElseThrow(() -> new ModelNotReadyException("no model is loaded yet"));
        if (!m.name().equals(name)) {
            throw ProblemException.notFound("no model named '" + name + "'; this server serves '" + m.name() + "'");
        }
        if (version != null && !version.equals(m.version())) {
            throw ProblemException.notFound(
                    "model '" + name + "' has no version '" + version + "'; it serves version '" + m.version() + "'");
        }
        return m;
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProblemException p) {
                throw p;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ProblemException invalid(String detail) {
        return ProblemException.badRequest(detail);
    }
}

package io.stylesync.inference.predict;

import io.stylesync.common.error.ProblemException;
import io.stylesync.common.web.ProblemDetailsAdvice;
import io.stylesync.inference.config.InferenceProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/predict")
@Tag(name = "Predict", description = "Fashion attributes of product photos")
public class PredictController {

    private final PredictionService predictions;
    private final InferenceProperties props;

    public PredictController(PredictionService predictions, InferenceProperties props) {
        this.predictions = predictions;
        this.props = props;
    }

    @Operation(summary = "Predict every attribute head of the served model for one image (JPEG, PNG, WebP, GIF or BMP)")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public Prediction predict(
            @RequestPart("image") MultipartFile image, @RequestParam(name = "topK", required = false) Integer topK) {
        return predictions.predict(bytes(image), describe(image), topK == null ? props.topK() : topK, "predict");
    }

    @Operation(
            summary =
                    "Predict for up to stylesync.inference.max-batch-images images; each gets a result or its own error")
    @PostMapping(path = "/batch", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public BatchPrediction batch(
            @RequestPart("images") List<MultipartFile> images,
            @RequestParam(name = "topK", required = false) Integer topK) {
        if (images.isEmpty()) {
            throw ProblemException.badRequest("no images in part 'images'");
        }
        if (images.size() > props.maxBatchImages()) {
            throw new ProblemException(
                    413,
                    "too-many-images",
                    "Too many images",
                    images.size() + " images in one batch; the limit is " + props.maxBatchImages());
        }
        int k = topK == null ? props.topK() : topK;
        List<BatchPrediction.Item> items = new ArrayList<>(images.size());
        // one thread per image so that the images of this request share forward passes with each other
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Prediction>> futures = new ArrayList<>();
            for (MultipartFile image : images) {
                byte[] bytes = bytes(image);
                futures.add(pool.submit(() -> predictions.predict(bytes, describe(image), k, "predict_batch")));
            }
            for (int i = 0; i < futures.size(); i++) {
                items.add(item(i, images.get(i).getOriginalFilename(), futures.get(i)));
            }
        }
        int failed = (int) items.stream().filter(i -> i.error() != null).count();
        if (failed == items.size()) {
            BatchPrediction.Error first = items.getFirst().error();
            throw new ProblemException(
                            first.status() >= 500 ? first.status() : 422,
                            "no-image-predicted",
                            "No image could be predicted",
                            "none of the " + items.size() + " images could be predicted; the first: " + first.detail())
                    .with("results", items);
        }
        return new BatchPrediction(items.size() - failed, failed, items);
    }

    private static BatchPrediction.Item item(int index, String filename, Future<Prediction> future) {
        try {
            return new BatchPrediction.Item(index, filename, future.get(), null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProblemException p) {
                return new BatchPrediction.Item(
                        index,
                        filename,
                        null,
                        new BatchPrediction.Error(
                                p.status(), ProblemDetailsAdvice.TYPE_PREFIX + p.type(), p.getMessage()));
            }
            throw new IllegalStateException("prediction of image " + index + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String describe(MultipartFile file) {
        String name = file.getOriginalFilename();
        return "part '" + file.getName() + "'" + (name == null || name.isBlank() ? "" : " (" + name + ")");
    }

    static byte[] bytes(MultipartFile file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

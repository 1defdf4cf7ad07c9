package io.stylesync.common.model;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a bundle's backbone on the engine asked for, falling back, with a log line saying why, to what the bundle
 * can serve: INT8 needs its measured accuracy drop within budget (else the fp32 export), either ONNX engine needs
 * its export in the bundle (else the TorchScript file on PyTorch, which every bundle has).
 */
public final class BackboneLoader {

    private static final Logger log = LoggerFactory.getLogger(BackboneLoader.class);

    /**
     * @param engine              the engine asked for
     * @param intraOpThreads      ONNX Runtime threads per forward pass (0: one per physical core)
     * @param cuda                try ONNX Runtime's CUDA execution provider (needs {@code onnxruntime_gpu} and a GPU)
     * @param int8MaxAccuracyDrop the most test-split accuracy, in points, any head may lose on the INT8 export
     */
    public record Settings(BackboneEngine engine, int intraOpThreads, boolean cuda, double int8MaxAccuracyDrop) {

        public static Settings pytorch() {
            return new Settings(BackboneEngine.PYTORCH, 0, false, 0.5);
        }
    }

    private BackboneLoader() {}

    public static BackboneNetwork open(ModelBundle bundle, Settings settings) {
        BackboneEngine engine = choose(bundle, settings);
        if (engine == BackboneEngine.PYTORCH) {
            return TorchScriptModel.load(bundle.backboneFile());
        }
        BundleManifest.Export export = bundle.export(engine).orElseThrow();
        return OnnxBackbone.load(
                bundle.dir().resolve(export.file()), engine, settings.intraOpThreads(), settings.cuda());
    }

    /** The engine {@link #open} will use for this bundle. */
    public static BackboneEngine choose(ModelBundle bundle, Settings settings) {
        BackboneEngine wanted = settings.engine();
        if (wanted == BackboneEngine.ONNXRUNTIME_INT8) {
            Optional<String> refusal = bundle.export(wanted)
                    .map(export -> int8Refusal(export, settings.int8MaxAccuracyDrop()))
                    .orElse(Optional.of("the bundle has no INT8 export"));
            if (refusal.isEmpty()) {
                return wanted;
            }
            log.warn("INT8 backbone of {} not served: {}", bundle.manifest().name(), refusal.get());
            wanted = BackboneEngine.ONNXRUNTIME;
        }
        if (wanted == BackboneEngine.ONNXRUNTIME) {
            if (bundle.export(wanted).isPresent()) {
                return wanted;
            }
            log.warn(
                    "{} has no ONNX export of its backbone: serving the TorchScript file on PyTorch",
                    bundle.manifest().name());
        }
        return BackboneEngine.PYTORCH;
    }

    private static Optional<String> int8Refusal(BundleManifest.Export export, double budget) {
        Map<String, Double> drops = export.accuracyDropOrEmpty();
        if (drops.isEmpty()) {
            return Optional.of("its accuracy on the test split was not measured");
        }
        Map.Entry<String, Double> worst =
                drops.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        if (worst.getValue() > budget) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "head %s loses %.2f points of accuracy, over the budget of %.2f",
                    worst.getKey(),
                    worst.getValue(),
                    budget));
        }
        return Optional.empty();
    }
}

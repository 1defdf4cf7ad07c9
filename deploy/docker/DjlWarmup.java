/**
 * Build-time warm-up for images whose classpath carries DJL's PyTorch engine: loading the engine once
 * unpacks the native library from the pytorch-native-cpu jar into DJL_CACHE_DIR, so a container starts
 * offline without unpacking ~430 MB on every start. Run with the source launcher (JDK only):
 * {@code java -Dai.djl.offline=true -cp 'lib/*' DjlWarmup.java}.
 */
public class DjlWarmup {
    public static void main(String[] args) {
        ai.djl.engine.Engine engine = ai.djl.engine.Engine.getEngine("PyTorch");
        try (ai.djl.ndarray.NDManager manager = engine.newBaseManager()) {
            float sum = manager.create(new float[] {1f, 2f, 3f}).sum().getFloat();
            if (sum != 6f) {
                throw new IllegalStateException("PyTorch sanity check failed: 1+2+3 = " + sum);
            }
        }
        System.out.println("DJL " + engine.getEngineName() + " " + engine.getVersion() + " ready in "
                + System.getenv("DJL_CACHE_DIR"));
    }
}

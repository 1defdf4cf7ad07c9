import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * Build-time warm-up for images whose classpath carries JavaCPP presets (e.g. OpenCV from org.bytedeco):
 * loads every preset's {@code org.bytedeco.<preset>.global.*} class once, so the natives are unpacked into
 * {@code -Dorg.bytedeco.javacpp.cachedir} at build time instead of into a temporary folder at every start.
 * {@code java -Dorg.bytedeco.javacpp.cachedir=DIR -cp 'lib/*' JavacppWarmup.java lib}
 */
public class JavacppWarmup {
    public static void main(String[] args) throws Exception {
        List<String> classes = new ArrayList<>();
        File[] jars = new File(args[0]).listFiles((dir, name) -> name.endsWith(".jar"));
        for (File jar : jars == null ? new File[0] : jars) {
            try (ZipFile zip = new ZipFile(jar)) {
                zip.stream().map(e -> e.getName())
                        .filter(n -> n.matches("org/bytedeco/[a-z0-9_]+/global/[A-Za-z0-9_]+\\.class"))
                        .forEach(n -> classes.add(n.substring(0, n.length() - 6).replace('/', '.')));
            }
        }
        int loaded = 0;
        for (String name : classes) {
            try {
                org.bytedeco.javacpp.Loader.load(Class.forName(name));
                loaded++;
            } catch (Throwable e) {  // a preset module the platform jar does not carry: the app cannot use it either
                System.err.println("JavaCPP: not preloaded " + name + ": " + e);
            }
        }
        System.out.println("JavaCPP: " + loaded + "/" + classes.size() + " preset classes loaded, natives in "
                + org.bytedeco.javacpp.Loader.getCacheDir());
        if (loaded == 0) {
            System.exit(1);
        }
    }
}

/** {@code minio server <dir>} stand-in: common's S3 server on 0.0.0.0:9000, objects under the given folder. */
public class S3Main {
    public static void main(String[] args) throws InterruptedException {
        var server = io.stylesync.common.storage.EmbeddedS3Server.start(java.nio.file.Path.of(args[0]), "0.0.0.0", 9000,
                System.getenv("MINIO_ROOT_USER"), System.getenv("MINIO_ROOT_PASSWORD"));
        System.out.println("S3 server on " + server.endpoint());
        Thread.currentThread().join();
    }
}

/**
 * The live dashboard test's stand-in for MinIO: common's S3Proxy-based server on loopback, in memory,
 * with the credentials docker-compose gives the services, until the process is killed. Run with the
 * source launcher on ingest-service's unpacked classpath:
 * {@code java -cp '<unpacked ingest-service>/BOOT-INF/lib/*' S3Server.java <port> <key> <secret>}
 */
public class S3Server {
    public static void main(String[] args) throws InterruptedException {
        var server = io.stylesync.common.storage.EmbeddedS3Server.start(null, "127.0.0.1", Integer.parseInt(args[0]), args[1], args[2]);
        System.out.println("S3 server on " + server.endpoint());
        Thread.currentThread().join();
    }
}

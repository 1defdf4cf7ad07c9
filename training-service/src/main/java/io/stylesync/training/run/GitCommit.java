package io.stylesync.training.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The commit this build came from ({@code git.properties} from the build), or "unknown". */
final class GitCommit {

    private GitCommit() {}

    static String current() {
        try (InputStream in = GitCommit.class.getResourceAsStream("/git.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("git.commit.id", p.getProperty("git.commit.id.full", "unknown"));
        } catch (IOException e) {
            return "unknown";
        }
    }
}

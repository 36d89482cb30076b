package org.colombier.server.pop3;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Dovecot's own POP3 server (Debian package dovecot-pop3d, 2.3) run in preauth mode on stdin with
 * a private configuration: no listeners, no auth, the mail user from USER/HOME. As root Dovecot
 * refuses mail access as root, so it runs as {@code mail_uid = nobody} and the home is handed to
 * nobody first.
 */
final class DovecotPop3 {
    private static final Path BINARY = Path.of("/usr/lib/dovecot/pop3");

    private DovecotPop3() {
    }

    /** Skips the calling test, with the reason printed, when Dovecot's pop3 is not installed. */
    static void assumePresent() {
        boolean present = Files.isExecutable(BINARY);
        if (!present) {
            System.out.println("SKIPPED: " + BINARY + " not found; install the Debian packages dovecot-core and dovecot-pop3d");
        }
        assumeTrue(present, "Dovecot's pop3 (dovecot-pop3d) is not installed");
    }

    /** Runs {@code commands} (QUIT is added) against {@code home/Maildir}; returns every reply line. */
    static List<String> session(Path home, String uidlFormat, String... commands) throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path run = Files.createDirectories(home.resolve("dovecot-run"));
        Path config = home.resolve("dovecot-pop3.conf");
        Files.writeString(config, String.join("\n",
                "base_dir = " + run,
                "state_dir = " + run,
                "protocols =",
                "listen =",
                "ssl = no",
                "log_path = /dev/stderr",
                "mail_location = maildir:" + home.resolve("Maildir"),
                root ? "mail_uid = nobody\nmail_gid = nogroup" : "",
                "pop3_uidl_format = " + uidlFormat,
                "namespace inbox {",
                "  inbox = yes",
                "  separator = /",
                "}",
                ""));
        if (root) {
            exec(List.of("chown", "-R", "nobody:nogroup", home.toString()), null, null);
            // JUnit's temporary directories are private to root; nobody must be able to walk to the home
            for (Path p = home.getParent(); p != null && p.getParent() != null; p = p.getParent()) {
                Set<PosixFilePermission> perms = new HashSet<>(Files.getPosixFilePermissions(p));
                if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
                    Files.setPosixFilePermissions(p, perms);
                }
            }
        }
        StringBuilder input = new StringBuilder();
        for (String c : commands) {
            input.append(c).append("\r\n");
        }
        input.append("QUIT\r\n");
        String user = root ? "nobody" : System.getProperty("user.name");
        String out = exec(List.of("env", "-i", "USER=" + user, "HOME=" + home, "PATH=/usr/bin:/bin", BINARY.toString(),
                "-c", config.toString()), input.toString(), home);
        return List.of(out.split("\r\n"));
    }

    /** The UIDL listing Dovecot reports, as "n uidl" lines. */
    static List<String> uidls(Path home, String uidlFormat) throws IOException, InterruptedException {
        List<String> lines = session(home, uidlFormat, "UIDL");
        List<String> out = new ArrayList<>();
        int start = lines.indexOf("+OK") + 1;
        for (int i = start; i < lines.size() && !lines.get(i).equals("."); i++) {
            out.add(lines.get(i));
        }
        if (start == 0) {
            throw new IOException("Dovecot's pop3 did not list UIDLs: " + lines);
        }
        return out;
    }

    private static String exec(List<String> command, String input, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (input == null) {
            pb.redirectErrorStream(true);
        } else {
            // Dovecot logs to stderr; its replies alone go to stdout
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(command + " failed: " + out);
        }
        return out;
    }
}

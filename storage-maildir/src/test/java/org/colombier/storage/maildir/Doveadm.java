package org.colombier.storage.maildir;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Dovecot's own {@code doveadm} (Debian package dovecot-core, 2.3 syntax) working on a test
 * Maildir through a private configuration with no listeners and no auth service: the mail user is
 * the process's own (USER/HOME environment). Run as root, Dovecot refuses mail access as root, so
 * it runs with {@code mail_uid = nobody} and the tree is handed to nobody before every call.
 */
final class Doveadm {
    private static final Path BINARY = Path.of("/usr/bin/doveadm");
    private final Path config;
    private final Path home;
    private final Path maildir;
    private final boolean asRoot;

    private Doveadm(Path config, Path home, Path maildir, boolean asRoot) {
        this.config = config;
        this.home = home;
        this.maildir = maildir;
        this.asRoot = asRoot;
    }

    /** A doveadm for the Maildir {@code home/Maildir}; skips the test (with the reason printed) when Dovecot is absent. */
    static Doveadm forHome(Path home) throws IOException {
        return forHome(home, false);
    }

    /** As {@link #forHome(Path)}, with {@code LAYOUT=fs} when {@code fsLayout}. */
    static Doveadm forHome(Path home, boolean fsLayout) throws IOException {
        boolean present = Files.isExecutable(BINARY);
        if (!present) {
            System.out.println("SKIPPED: " + BINARY + " not found; install the Debian package dovecot-core to run the Dovecot interop tests");
        }
        assumeTrue(present, "doveadm (dovecot-core) is not installed");
        boolean root = "root".equals(System.getProperty("user.name"));
        Path maildir = home.resolve("Maildir");
        Path run = home.resolve("dovecot-run");
        Files.createDirectories(maildir);
        Files.createDirectories(run);
        String conf = String.join("\n",
                "base_dir = " + run,
                "state_dir = " + run,
                "protocols =",
                "listen =",
                "ssl = no",
                "log_path = /dev/stderr",
                "mail_location = maildir:" + maildir + (fsLayout ? ":LAYOUT=fs" : ""),
                root ? "mail_uid = nobody\nmail_gid = nogroup" : "",
                "namespace inbox {",
                "  inbox = yes",
                "  separator = /",
                "}",
                "");
        Path config = home.resolve("dovecot.conf");
        Files.writeString(config, conf);
        return new Doveadm(config, home, maildir, root);
    }

    Path maildir() {
        return maildir;
    }

    /** Runs {@code doveadm -f tab <args>} and returns its standard output; fails on a non-zero exit. */
    String run(String... args) throws IOException, InterruptedException {
        handOver();
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-c", config.toString(), "-f", "tab"));
        cmd.addAll(List.of(args));
        return exec(cmd, null);
    }

    /**
     * As root, gives the tree to the user Dovecot runs as. Files we remove meanwhile make chown
     * complain; they need no owner, so its exit status is not checked.
     */
    private void handOver() throws IOException, InterruptedException {
        if (asRoot) {
            Process p = new ProcessBuilder("chown", "-R", "nobody:nogroup", home.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("chown timed out");
            }
        }
    }

    /** Runs {@code doveadm save -m <mailbox>} with {@code message} on its input. */
    void save(String mailbox, String message) throws IOException, InterruptedException {
        handOver();
        exec(List.of(BINARY.toString(), "-c", config.toString(), "save", "-m", mailbox), message);
    }

    /** {@code fetch 'uid flags'} of a mailbox: UID to its flags without {@code \Recent}, in UID order. */
    Map<Long, List<String>> uidsAndFlags(String mailbox) throws IOException, InterruptedException {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        for (Map<String, String> row : table(run("fetch", "uid flags", "mailbox", mailbox, "all"))) {
            List<String> flags = new ArrayList<>();
            for (String f : row.get("flags").split(" ")) {
                if (!f.isEmpty() && !f.equals("\\Recent")) {
                    flags.add(f);
                }
            }
            flags.sort(String.CASE_INSENSITIVE_ORDER);
            out.put(Long.parseLong(row.get("uid")), flags);
        }
        return out;
    }

    /** {@code mailbox status} fields of one mailbox, by name. */
    Map<String, String> status(String mailbox) throws IOException, InterruptedException {
        return table(run("mailbox", "status", "messages uidnext uidvalidity guid unseen", mailbox)).get(0);
    }

    /** Parses doveadm's tab formatter: a header row, then one row per record. */
    static List<Map<String, String>> table(String output) {
        String[] lines = output.split("\n");
        List<Map<String, String>> rows = new ArrayList<>();
        if (lines.length == 0 || lines[0].isEmpty()) {
            return rows;
        }
        String[] header = lines[0].split("\t", -1);
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                row.put(header[c], c < cells.length ? cells[c] : "");
            }
            rows.add(row);
        }
        return rows;
    }

    private String exec(List<String> cmd, String input) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("USER", "alice");
        pb.environment().put("HOME", home.toString());
        Path errFile = Files.createTempFile(home, "doveadm", ".err");
        pb.redirectError(errFile.toFile());
        Process p = pb.start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        String stderr = Files.readString(errFile);
        Files.delete(errFile);
        if (p.exitValue() != 0 || stderr.contains("Error:") || stderr.contains("Panic:")) {
            throw new IOException(cmd + " failed (" + p.exitValue() + "): " + stderr);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}

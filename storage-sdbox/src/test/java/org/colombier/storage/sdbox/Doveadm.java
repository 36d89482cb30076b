package org.colombier.storage.sdbox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Dovecot's {@code doveadm} (Debian package dovecot-core, 2.3) on a test sdbox root through a
 * private configuration: no listeners, no auth service, the process's own user. As root, Dovecot
 * refuses to access mail as root, so it runs as {@code nobody} and the tree is handed to nobody
 * before each call. Skips the calling test, with the reason printed, when doveadm is absent.
 */
final class Doveadm {
    private static final Path BINARY = Path.of("/usr/bin/doveadm");
    private final Path config;
    private final Path home;
    private final boolean asRoot;

    private Doveadm(Path config, Path home, boolean asRoot) {
        this.config = config;
        this.home = home;
        this.asRoot = asRoot;
    }

    /** A doveadm for the sdbox root {@code home/sdbox}. */
    static Doveadm forHome(Path home) throws IOException {
        return forHome(home, "sdbox:" + home.resolve("sdbox"), "dovecot.conf");
    }

    /** A doveadm for {@code mailLocation} (e.g. {@code maildir:<dir>}), with its config in {@code home/configName}. */
    static Doveadm forHome(Path home, String mailLocation, String configName) throws IOException {
        boolean present = Files.isExecutable(BINARY);
        if (!present) {
            System.out.println("SKIPPED: " + BINARY + " not found; install the Debian package dovecot-core to run the Dovecot interop tests");
        }
        assumeTrue(present, "doveadm (dovecot-core) is not installed");
        boolean root = "root".equals(System.getProperty("user.name"));
        Path run = home.resolve("dovecot-run");
        Files.createDirectories(home.resolve("sdbox"));
        Files.createDirectories(run);
        String conf = String.join("\n",
                "base_dir = " + run,
                "state_dir = " + run,
                "protocols =",
                "listen =",
                "ssl = no",
                "log_path = /dev/stderr",
                "mail_location = " + mailLocation,
                root ? "mail_uid = nobody\nmail_gid = nogroup" : "",
                "namespace inbox {",
                "  inbox = yes",
                "  separator = /",
                "}",
                "");
        Path config = home.resolve(configName);
        Files.writeString(config, conf);
        return new Doveadm(config, home, root);
    }

    Path root() {
        return home.resolve("sdbox");
    }

    /** Runs {@code doveadm -f tab <args>}; fails on a non-zero exit or a logged error. */
    String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-c", config.toString(), "-f", "tab"));
        cmd.addAll(List.of(args));
        return exec(cmd, null);
    }

    void save(String mailbox, String message) throws IOException, InterruptedException {
        exec(List.of(BINARY.toString(), "-c", config.toString(), "save", "-m", mailbox), message);
    }

    /** UID to its flags and keywords (without {@code \Recent}), sorted case-insensitively, in UID order. */
    Map<Long, List<String>> uidsAndFlags(String mailbox) throws IOException, InterruptedException {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        for (Map<String, String> row : table(run("fetch", "uid flags", "mailbox", mailbox, "all"))) {
            TreeSet<String> flags = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            for (String f : row.get("flags").split(" ")) {
                if (!f.isEmpty() && !f.equals("\\Recent")) {
                    flags.add(f);
                }
            }
            out.put(Long.parseLong(row.get("uid")), new ArrayList<>(flags));
        }
        return out;
    }

    Map<String, String> status(String mailbox) throws IOException, InterruptedException {
        return table(run("mailbox", "status", "messages uidnext uidvalidity guid highestmodseq", mailbox)).get(0);
    }

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
        if (asRoot) {
            chown();
        }
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

    /** Hands the tree to nobody; files we remove meanwhile (temp files of a racing append) are fine to miss. */
    private void chown() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("chown", "-R", "nobody:nogroup", home.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chown timed out");
        }
        boolean onlyVanished = out.lines().allMatch(l -> l.endsWith("No such file or directory"));
        if (p.exitValue() != 0 && !onlyVanished) {
            throw new IOException("chown failed: " + out);
        }
    }
}

package org.colombier.api.storage.support;

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
 * Dovecot's own {@code doveadm} (Debian package dovecot-core, 2.3 syntax) working on a test mail
 * root through a private configuration with no listeners and no auth service: the mail user is
 * the process's own (USER/HOME environment). Run as root, Dovecot refuses mail access as root, so
 * it runs with {@code mail_uid = nobody} and the tree is handed to nobody before every call.
 * Shared by the storage drivers' interop tests.
 */
public final class Doveadm {
    private static final Path BINARY = Path.of("/usr/bin/doveadm");
    private final Path config;
    private final Path home;
    private final Path root;
    private final boolean asRoot;

    private Doveadm(Path config, Path home, Path root, boolean asRoot) {
        this.config = config;
        this.home = home;
        this.root = root;
        this.asRoot = asRoot;
    }

    /**
     * A doveadm for the mail root {@code root} (created) below {@code home}, reached through
     * {@code mailLocation} (e.g. {@code maildir:<root>:LAYOUT=fs}), with its config in
     * {@code home/configName}; skips the test (with the reason printed) when Dovecot is absent.
     */
    public static Doveadm forRoot(Path home, Path root, String mailLocation, String configName) throws IOException {
        boolean present = Files.isExecutable(BINARY);
        if (!present) {
            System.out.println("SKIPPED: " + BINARY + " not found; install the Debian package dovecot-core to run the Dovecot interop tests");
        }
        assumeTrue(present, "doveadm (dovecot-core) is not installed");
        boolean runAsNobody = "root".equals(System.getProperty("user.name"));
        Path run = home.resolve("dovecot-run");
        Files.createDirectories(root);
        Files.createDirectories(run);
        String conf = String.join("\n",
                "base_dir = " + run,
                "state_dir = " + run,
                "protocols =",
                "listen =",
                "ssl = no",
                "log_path = /dev/stderr",
                "mail_location = " + mailLocation,
                runAsNobody ? "mail_uid = nobody\nmail_gid = nogroup" : "",
                "namespace inbox {",
                "  inbox = yes",
                "  separator = /",
                "}",
                "");
        Path config = home.resolve(configName);
        Files.writeString(config, conf);
        return new Doveadm(config, home, root, runAsNobody);
    }

    /** The mail root Dovecot works on. */
    public Path root() {
        return root;
    }

    /** Runs {@code doveadm -f tab <args>} and returns its standard output; fails on a non-zero exit or a logged error. */
    public String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-c", config.toString(), "-f", "tab"));
        cmd.addAll(List.of(args));
        return exec(cmd, null);
    }

    /** Runs {@code doveadm save -m <mailbox>} with {@code message} on its input. */
    public void save(String mailbox, String message) throws IOException, InterruptedException {
        exec(List.of(BINARY.toString(), "-c", config.toString(), "save", "-m", mailbox), message);
    }

    /** {@code fetch 'uid flags'} of a mailbox: UID to its flags and keywords without {@code \Recent}, sorted case-insensitively, in UID order. */
    public Map<Long, List<String>> uidsAndFlags(String mailbox) throws IOException, InterruptedException {
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
    public Map<String, String> status(String mailbox) throws IOException, InterruptedException {
        return table(run("mailbox", "status", "messages uidnext uidvalidity guid unseen highestmodseq", mailbox)).get(0);
    }

    /** Parses doveadm's tab formatter: a header row, then one row per record. */
    public static List<Map<String, String>> table(String output) {
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
            handOver();
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

    /**
     * Gives the tree to the user Dovecot runs as. Files we remove meanwhile (temp files of a racing
     * append) make chown complain; they need no owner, so only other complaints fail.
     */
    private void handOver() throws IOException, InterruptedException {
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

package org.colombier.server.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;

import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real POP3 clients against the server: Jakarta Mail, Python's poplib, curl, fetchmail, mpop. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Pop3ClientsTest {
    @TempDir
    Path dir;
    private Pop3Fixture fixture;
    private long uidValidity;

    @BeforeEach
    void start() throws Exception {
        fixture = new Pop3Fixture(dir);
        fixture.deliver("alice", Pop3Fixture.message(1), Pop3Fixture.message(2));
        uidValidity = fixture.inbox("alice", inbox -> inbox.status().uidValidity());
        fixture.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private String uidl(long uid) {
        return String.format("%08x%08x", uid, uidValidity);
    }

    @Test
    void jakartaMailReadsUidlsAndDeletesAtClose() throws Exception {
        Properties props = new Properties();
        props.put("mail.pop3.host", "127.0.0.1");
        props.put("mail.pop3.port", String.valueOf(fixture.port()));
        props.put("mail.pop3.connectiontimeout", "5000");
        props.put("mail.pop3.timeout", "10000");
        Store store = Session.getInstance(props).getStore("pop3");
        store.connect("alice", Pop3Fixture.PASSWORD);
        POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        assertThat(inbox.getMessageCount()).isEqualTo(2);
        Message first = inbox.getMessage(1);
        assertThat(first.getSubject()).isEqualTo("message 1");
        assertThat(first.getSize()).as("Jakarta Mail's POP3 size is the body's")
                .isEqualTo("Body of message 1.\r\n.leading dot\r\n".length());
        assertThat(((String) first.getContent()).replace("\r\n", "\n")).isEqualTo("Body of message 1.\n.leading dot\n");
        assertThat(inbox.getUID(first)).isEqualTo(uidl(1));
        assertThat(inbox.getUID(inbox.getMessage(2))).isEqualTo(uidl(2));
        first.setFlag(Flags.Flag.DELETED, true);
        inbox.close(true);
        store.close();
        assertThat(fixture.messages("alice")).hasSize(1);
    }

    @Test
    void pythonPoplibListsRetrievesAndDeletes() throws Exception {
        assumeTool("python3", "python3");
        String script = String.join("\n",
                "import poplib, sys",
                "p = poplib.POP3('127.0.0.1', int(sys.argv[1]), timeout=10)",
                "p.user('alice'); p.pass_('secret')",
                "print('STAT', *p.stat())",
                "print('CAPA', ' '.join(sorted(p.capa().keys())))",
                "for line in p.uidl()[1]: print('UIDL', line.decode())",
                "resp, lines, octets = p.retr(1)",
                "print('RETR', resp.decode(), octets)",
                "for line in lines: print('>' + line.decode())",
                "resp, lines, octets = p.top(2, 0)",
                "print('TOP', len(lines))",
                "p.dele(2)",
                "print('QUIT', p.quit().decode())",
                "");
        Path file = dir.resolve("client.py");
        Files.writeString(file, script);
        List<String> out = run(List.of("python3", file.toString(), String.valueOf(fixture.port())), null);
        int size1 = Pop3Fixture.message(1).length();
        int size2 = Pop3Fixture.message(2).length();
        assertThat(out).contains("STAT 2 " + (size1 + size2),
                "CAPA AUTH-RESP-CODE CAPA IMPLEMENTATION PIPELINING RESP-CODES TOP UIDL",
                "UIDL 1 " + uidl(1), "UIDL 2 " + uidl(2), "RETR +OK " + size1 + " octets " + size1,
                ">Subject: message 1", ">.leading dot", "TOP 5", "QUIT +OK Logging out, messages deleted.");
        assertThat(fixture.messages("alice")).hasSize(1);
    }

    @Test
    void curlListsRetrievesAndAsksForUidls() throws Exception {
        assumeTool("curl", "curl");
        String url = "pop3://127.0.0.1:" + fixture.port() + "/";
        List<String> base = List.of("curl", "-sS", "--max-time", "20", "-u", "alice:" + Pop3Fixture.PASSWORD);
        assertThat(run(concat(base, url), null)).containsExactly("1 " + Pop3Fixture.message(1).length(),
                "2 " + Pop3Fixture.message(2).length());
        assertThat(String.join("\r\n", run(concat(base, url + "2"), null)) + "\r\n").isEqualTo(Pop3Fixture.message(2));
        assertThat(run(concat(base, "-X", "UIDL", url), null)).containsExactly("1 " + uidl(1), "2 " + uidl(2));
        assertThat(fixture.messages("alice")).hasSize(2);
    }

    @Test
    void fetchmailDownloadsInKeepModeOnceThenDeletesInNoKeepMode() throws Exception {
        assumeTool("fetchmail", "fetchmail");
        Path out = dir.resolve("fetched.mbox");
        Path ids = dir.resolve("fetchids");
        assertThat(String.join("\n", fetchmail(out, ids, "keep"))).contains("2 messages for alice at 127.0.0.1 (268 octets)");
        assertThat(Files.readString(out)).contains("Subject: message 1", "Subject: message 2", "Body of message 2.");
        assertThat(fixture.messages("alice")).hasSize(2);
        // keep mode remembers the UIDLs: nothing is new the second time
        List<String> again = fetchmail(out, ids, "keep");
        assertThat(String.join("\n", again)).containsPattern("2 messages \\(2 seen\\) for alice|No mail for alice");
        Files.delete(out);
        fetchmail(out, ids, "nokeep fetchall");
        assertThat(Files.readString(out)).contains("Subject: message 1", "Subject: message 2");
        assertThat(fixture.messages("alice")).isEmpty();
    }

    private List<String> fetchmail(Path out, Path ids, String mode) throws Exception {
        Path rc = dir.resolve("fetchmailrc");
        Files.writeString(rc, String.join("\n",
                "set no syslog",
                "poll 127.0.0.1 with proto POP3 port " + fixture.port() + " and timeout 20 and options uidl",
                "  user \"alice\" there with password \"" + Pop3Fixture.PASSWORD + "\" is \"root\" here",
                "  options " + mode + " sslproto ''",
                "  mda \"/bin/sh -c 'cat >> " + out + "'\"",
                ""));
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        return run(List.of("fetchmail", "-v", "-f", rc.toString(), "-i", ids.toString(), "--pidfile",
                dir.resolve("fetchmail.pid").toString()), dir, 0, 1);
    }

    @Test
    void mpopDownloadsInKeepModeOnceThenDeletesInNoKeepMode() throws Exception {
        assumeTool("mpop", "mpop");
        Path out = dir.resolve("mpop.mbox");
        Files.createFile(out);
        Path uidls = dir.resolve("mpop-uidls");
        mpop(out, uidls, "on");
        assertThat(Files.readString(out)).contains("Subject: message 1", "Subject: message 2");
        assertThat(fixture.messages("alice")).hasSize(2);
        long size = Files.size(out);
        mpop(out, uidls, "on");
        assertThat(Files.size(out)).as("only-new: nothing fetched twice").isEqualTo(size);
        mpop(out, dir.resolve("mpop-uidls-2"), "off");
        assertThat(fixture.messages("alice")).isEmpty();
        assertThat(Files.readString(out).split("Subject: message 1", -1)).hasSize(3);
    }

    private void mpop(Path out, Path uidls, String keep) throws Exception {
        run(List.of("mpop", "--host=127.0.0.1", "--port=" + fixture.port(), "--tls=off", "--auth=user",
                "--user=alice", "--passwordeval=echo " + Pop3Fixture.PASSWORD, "--delivery=mbox," + out,
                "--keep=" + keep, "--only-new=on", "--uidls-file=" + uidls, "--timeout=20"), dir);
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    static void assumeTool(String binary, String debianPackage) {
        boolean present = List.of("/usr/bin/", "/usr/local/bin/", "/bin/").stream()
                .anyMatch(d -> Files.isExecutable(Path.of(d + binary)))
                || System.getenv("PATH") != null && List.of(System.getenv("PATH").split(":")).stream()
                        .anyMatch(d -> Files.isExecutable(Path.of(d, binary)));
        if (!present) {
            System.out.println("SKIPPED: " + binary + " not found; install the Debian package " + debianPackage);
        }
        assumeTrue(present, binary + " (" + debianPackage + ") is not installed");
    }

    static List<String> run(List<String> command, Path workDir, int... okExitCodes) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        pb.environment().put("HOME", workDir == null ? System.getProperty("java.io.tmpdir") : workDir.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        int[] ok = okExitCodes.length == 0 ? new int[] {0} : okExitCodes;
        boolean accepted = false;
        for (int code : ok) {
            accepted |= p.exitValue() == code;
        }
        assertThat(accepted).as("%s exited %d:%n%s", command.get(0), p.exitValue(), text).isTrue();
        return List.of(text.split("\r?\n"));
    }
}

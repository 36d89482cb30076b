package org.colombier.doveadm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** who, kick, reload, stop, stats dump and log errors against a running server, through its admin socket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminCommandsTest {
    @TempDir
    Path dir;

    @Test
    void whoShowsImapPop3AndLmtpSessionsAsTheyComeAndGo() throws Exception {
        try (RunningServer server = RunningServer.start(dir)) {
            RunningServer.Run empty = server.doveadm("who");
            assertThat(empty.status()).as(empty.err()).isZero();
            assertThat(empty.out()).isEqualTo("username # proto (sessions) (ips)\n");

            try (RunningServer.Client imap = server.imapLogin("alice");
                 RunningServer.Client imap2 = server.imapLogin("alice");
                 RunningServer.Client pop3 = server.connect("pop3");
                 RunningServer.Client lmtp = server.connect("lmtp")) {
                pop3.send("USER bob");
                assertThat(pop3.readLine()).startsWith("+OK");
                pop3.send("PASS secret");
                assertThat(pop3.readLine()).startsWith("+OK");
                RunningServer.Run who = server.doveadm("-f", "tab", "who");
                assertThat(who.status()).as(who.err()).isZero();
                assertThat(who.out()).startsWith("username\t#\tproto\t(sessions)\t(ips)\n")
                        .containsPattern("(?m)^alice\t2\timap\t\\(\\S+ \\S+\\)\t\\(127\\.0\\.0\\.1\\)$")
                        .containsPattern("(?m)^bob\t1\tpop3\t\\(\\S+\\)\t\\(127\\.0\\.0\\.1\\)$")
                        .containsPattern("(?m)^\t1\tlmtp\t\\(\\S+\\)\t\\(127\\.0\\.0\\.1\\)$");

                RunningServer.Run perConnection = server.doveadm("-f", "tab", "who", "-1", "alice");
                assertThat(perConnection.out().lines()).hasSize(3).first().isEqualTo("username\tproto\tsession\tip");
                assertThat(perConnection.out().lines().skip(1)).allMatch(l -> l.matches("alice\timap\t\\S+\t127\\.0\\.0\\.1"));
                assertThat(server.doveadm("-f", "tab", "who", "-1", "127.0.0.0/8").out().lines()).hasSize(5);
                assertThat(server.doveadm("-f", "tab", "who", "-1", "10.0.0.0/8").out().lines()).hasSize(1);
                assertThat(server.doveadm("-f", "tab", "who", "b*").out().lines()).hasSize(2);
                assertThat(server.doveadm("-f", "tab", "who", "c*").out().lines()).hasSize(1);

                pop3.send("QUIT");
                assertThat(pop3.readLine()).startsWith("+OK");
            }
            awaitOutput(() -> server.doveadm("-f", "tab", "who").out(), "username\t#\tproto\t(sessions)\t(ips)\n");
        }
    }

    @Test
    void kickDropsTheMatchingSessionsWithTheirGoodbye() throws Exception {
        try (RunningServer server = RunningServer.start(dir);
             RunningServer.Client alice = server.imapLogin("alice");
             RunningServer.Client bob = server.imapLogin("bob")) {
            RunningServer.Run kick = server.doveadm("kick", "alice");
            assertThat(kick.status()).isZero();
            assertThat(kick.out()).isEqualTo("kicked connections from the following users:\nalice \n");
            assertThat(alice.readLine()).isEqualTo("* BYE Server shutting down.");
            assertThat(alice.readLine()).isNull();

            bob.send("b NOOP");
            assertThat(bob.readLine()).startsWith("b OK");
            RunningServer.Run none = server.doveadm("kick", "carol");
            assertThat(none.status()).isEqualTo(Doveadm.EX_NOTFOUND);
            assertThat(none.out()).isEqualTo("no users kicked\n");
            assertThat(server.doveadm("kick").status()).isEqualTo(Doveadm.EX_USAGE);
            assertThat(server.doveadm("-f", "tab", "stats", "dump").out()).contains("kicks\t1\n", "imap_logins\t2\n");
        }
    }

    @Test
    void adminSocketIsTheOwnersOnly() throws Exception {
        try (RunningServer server = RunningServer.start(dir)) {
            Path socket = server.server.adminSocket();
            assertThat(socket).isEqualTo(dir.resolve("run/colombier-admin"));
            assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

            Path setpriv = Path.of("/usr/bin/setpriv");
            Path python = Path.of("/usr/bin/python3");
            assumeTrue(Files.isExecutable(setpriv) && Files.isExecutable(python)
                    && System.getProperty("user.name").equals("root"),
                    "needs root, setpriv and python3 to connect as another user");
            // open the file mode so the peer-credential check is what refuses
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Process nobody = new ProcessBuilder(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
                    python.toString(), "-c", """
                    import socket, sys
                    s = socket.socket(socket.AF_UNIX)
                    s.connect(sys.argv[1])
                    s.sendall(b"who\\n")
                    sys.stdout.write(s.makefile().read())
                    """, socket.toString()).redirectErrorStream(true).start();
            assertThat(nobody.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(nobody.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("-77\tpermission denied\n");
        }
    }

    @Test
    void malformedRequestsAreRefusedAndTheServerGoesOn() throws Exception {
        try (RunningServer server = RunningServer.start(dir)) {
            Path socket = server.server.adminSocket();
            assertThat(raw(socket, "bogus\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("-64\tunknown command: bogus\n");
            assertThat(raw(socket, ("who\t" + "x".repeat(5000) + "\n").getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo("-64\trequest longer than 4096 bytes\n");
            assertThat(raw(socket, new byte[] {'w', 'h', 'o', '\t', (byte) 0xff, '\n'})).isEqualTo("-64\trequest is not UTF-8\n");
            assertThat(raw(socket, "who\t\\q\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("-64\tbad escape in request\n");
            assertThat(raw(socket, "who\t1.2.3.4\t5.6.7.8\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("-64\tmore than one IP mask\n");
            assertThat(raw(socket, "who".getBytes(StandardCharsets.UTF_8))).isEqualTo("-64\trequest line not terminated\n");
            assertThat(raw(socket, "stats-dump\textra\n".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo("-64\tstats dump takes only -r\n");
            assertThat(server.doveadm("who").status()).isZero();
        }
    }

    @Test
    void reloadAppliesAGoodConfigurationAndRefusesABadOne() throws Exception {
        try (RunningServer server = RunningServer.start(dir)) {
            Files.writeString(dir.resolve("users"), "alice:{PLAIN}changed::::::\n");
            RunningServer.Run reload = server.doveadm("reload");
            assertThat(reload.status()).isZero();
            assertThat(reload.out()).isEmpty();
            try (RunningServer.Client imap = server.connect("imap")) {
                imap.send("a LOGIN alice changed");
                assertThat(imap.readLine()).startsWith("a OK");
            }

            String good = Files.readString(server.conf);
            Files.writeString(dir.resolve("server-view.conf"), good);
            Files.writeString(server.conf, good + "service imap-login {\n");
            RunningServer.Run refused = reloadThrough(dir.resolve("server-view.conf"));
            assertThat(refused.status()).isEqualTo(1);
            assertThat(refused.err()).startsWith("Error: reload refused, the running configuration is kept: ");
            try (RunningServer.Client imap = server.connect("imap")) {
                imap.send("a LOGIN alice changed");
                assertThat(imap.readLine()).startsWith("a OK");
            }
        }
    }

    /** doveadm reads its own (valid) copy to find the socket, while the server re-reads its broken file. */
    private static RunningServer.Run reloadThrough(Path clientConf) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int status = Doveadm.run(new String[] {"-c", clientConf.toString(), "reload"},
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        return new RunningServer.Run(status, out.toString(), err.toString());
    }

    @Test
    void logErrorsShowsRecentWarningsAndErrors() throws Exception {
        try (RunningServer server = RunningServer.start(dir)) {
            long since = System.currentTimeMillis() / 1000;
            LoggerFactory.getLogger("imap").error("Disk full: mail for alice not stored");
            RunningServer.Run log = server.doveadm("log", "errors", "-s", String.valueOf(since));
            assertThat(log.status()).isZero();
            assertThat(log.out()).startsWith("timestamp\ttype\tprefix\ttext\n")
                    .containsPattern("(?m)^\\d+\tError\timap: \tDisk full: mail for alice not stored$");
            assertThat(server.doveadm("-f", "json", "log", "errors", "-s", "99999999999").out())
                    .isEqualTo("[]\n");
        }
    }

    @Test
    void stopEndsTheServerAndLaterCommandsSayItIsNotRunning() throws Exception {
        RunningServer server = RunningServer.start(dir);
        RunningServer.Run stop = server.doveadm("stop");
        assertThat(stop.status()).isZero();
        server.server.awaitStop();
        RunningServer.Run who = server.doveadm("who");
        assertThat(who.status()).isEqualTo(Doveadm.EX_TEMPFAIL);
        assertThat(who.err()).contains("colombier-admin").contains("is the server running?");
    }

    @Test
    void aSecondServerOnTheSameBaseDirRunsWithoutTheSocketAndAStaleSocketIsReplaced() throws Exception {
        try (RunningServer first = RunningServer.start(dir)) {
            Path other = Files.createDirectories(dir.resolve("other"));
            Files.writeString(RunningServer.writeConfig(other), Files.readString(RunningServer.writeConfig(other))
                    .replace(other + "/run", dir + "/run"));
            try (org.colombier.server.Server second = org.colombier.server.Server.start(
                    org.colombier.config.ConfigLoader.load(other.resolve("dovecot.conf")))) {
                assertThat(second.adminSocket()).isNull();
                assertThat(first.doveadm("who").status()).isZero();
            }
        }
        Path socket = dir.resolve("run/colombier-admin");
        assertThat(socket).doesNotExist();
        try (java.nio.channels.ServerSocketChannel stale = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        try (RunningServer again = RunningServer.start(dir)) {
            assertThat(again.server.adminSocket()).isEqualTo(socket);
            assertThat(again.doveadm("who").status()).isZero();
        }
    }

    @Test
    void unknownFormatterIsAUsageError() throws Exception {
        try (RunningServer server = RunningServer.start(dir)) {
            RunningServer.Run run = server.doveadm("-f", "xml", "who");
            assertThat(run.status()).isEqualTo(Doveadm.EX_USAGE);
            assertThat(run.err()).contains("Unknown formatter: xml");
        }
    }

    private static String raw(Path socket, byte[] request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(request));
            if (request[request.length - 1] != '\n' && request.length < 4096) {
                channel.shutdownOutput();
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            Channels.newInputStream(channel).transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static void awaitOutput(Supplier<String> output, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!output.get().equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(output.get()).isEqualTo(expected);
    }
}

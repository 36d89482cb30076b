package org.colombier.doveadm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doveadm sieve} end to end on a passwd-file config: scripts land where Pigeonhole keeps
 * them ({@code ~/sieve/NAME.sieve}, {@code ~/.dovecot.sieve} a relative link to the active one).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SieveCommandsTest {
    @TempDir
    Path dir;
    private String conf;
    private Path home;

    record Run(int status, String out, String err) {
    }

    private static Run doveadm(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Doveadm.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    private Run sieve(String stdin, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "-c";
        all[1] = conf;
        all[2] = "sieve";
        System.arraycopy(args, 0, all, 3, args.length);
        return doveadm(stdin, all);
    }

    @BeforeEach
    void config() throws Exception {
        home = dir.resolve("mail/ann@example.org");
        Path users = Files.writeString(dir.resolve("users"), "ann@example.org:{PLAIN}secret::::::\n");
        conf = Files.writeString(dir.resolve("dovecot.conf"), """
                ssl = no
                mail_driver = maildir
                mail_path = ~/Maildir
                mail_home = %s/mail/%%{user}
                passdb passwd-file {
                  passwd_file_path = %s
                }
                userdb passwd-file {
                  passwd_file_path = %s
                }
                sieve_script personal {
                  driver = file
                  path = ~/sieve
                  active_path = ~/.dovecot.sieve
                }
                """.formatted(dir, users, users)).toString();
    }

    @Test
    void putStoresAScriptAndActivatesItWithA() throws Exception {
        Run put = sieve("require \"fileinto\";\nfileinto \"Work\";\n", "put", "-u", "ann@example.org", "-a", "main");
        assertThat(put.status()).as(put.err()).isZero();
        assertThat(Files.readString(home.resolve("sieve/main.sieve"))).isEqualTo("require \"fileinto\";\nfileinto \"Work\";\n");
        assertThat(Files.isSymbolicLink(home.resolve(".dovecot.sieve"))).isTrue();
        assertThat(Files.readSymbolicLink(home.resolve(".dovecot.sieve"))).isEqualTo(Path.of("sieve/main.sieve"));

        assertThat(sieve("keep;\n", "put", "-u", "ann@example.org", "spare").status()).isZero();
        Run list = sieve("", "list", "-u", "ann@example.org");
        assertThat(list.status()).isZero();
        assertThat(list.out()).isEqualTo("main ACTIVE\nspare\n");
        Run get = sieve("", "get", "-u", "ann@example.org", "main");
        assertThat(get.status()).isZero();
        assertThat(get.out()).isEqualTo("require \"fileinto\";\nfileinto \"Work\";\n");
    }

    @Test
    void putRefusesAScriptThatDoesNotCompileWithStatus65AndKeepsTheOldOne() throws Exception {
        assertThat(sieve("keep;\n", "put", "-u", "ann@example.org", "main").status()).isZero();
        Run bad = sieve("if true { keep\n", "put", "-u", "ann@example.org", "main");
        assertThat(bad.status()).isEqualTo(65);
        assertThat(bad.err()).contains("Compilation failed", "main:");
        assertThat(Files.readString(home.resolve("sieve/main.sieve"))).isEqualTo("keep;\n");
    }

    @Test
    void activateSwitchesTheLinkAndDeactivateRemovesIt() throws Exception {
        sieve("keep;\n", "put", "-u", "ann@example.org", "-a", "one");
        sieve("discard;\n", "put", "-u", "ann@example.org", "two");
        assertThat(sieve("", "activate", "-u", "ann@example.org", "two").status()).isZero();
        assertThat(sieve("", "list", "-u", "ann@example.org").out()).isEqualTo("one\ntwo ACTIVE\n");
        assertThat(Files.readString(home.resolve(".dovecot.sieve"))).isEqualTo("discard;\n");
        assertThat(sieve("", "deactivate", "-u", "ann@example.org").status()).isZero();
        assertThat(Files.exists(home.resolve(".dovecot.sieve"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(sieve("", "list", "-u", "ann@example.org").out()).isEqualTo("one\ntwo\n");
        assertThat(sieve("", "activate", "-u", "ann@example.org", "three").status()).isEqualTo(68);
    }

    @Test
    void deleteRefusesTheActiveScriptUnlessAIsGiven() throws Exception {
        sieve("keep;\n", "put", "-u", "ann@example.org", "-a", "main");
        sieve("keep;\n", "put", "-u", "ann@example.org", "old");
        assertThat(sieve("", "delete", "-u", "ann@example.org", "old").status()).isZero();
        assertThat(Files.exists(home.resolve("sieve/old.sieve"))).isFalse();
        Run active = sieve("", "delete", "-u", "ann@example.org", "main");
        assertThat(active.status()).isEqualTo(65);
        assertThat(Files.exists(home.resolve("sieve/main.sieve"))).isTrue();
        assertThat(sieve("", "delete", "-u", "ann@example.org", "-a", "main").status()).isZero();
        assertThat(Files.exists(home.resolve("sieve/main.sieve"))).isFalse();
        assertThat(Files.exists(home.resolve(".dovecot.sieve"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(sieve("", "delete", "-u", "ann@example.org", "main").status()).isEqualTo(68);
    }

    @Test
    void unknownUsersMissingScriptsAndBadNamesGetDoveadmStatuses() throws Exception {
        assertThat(sieve("", "list", "-u", "nobody@example.org").status()).isEqualTo(67);
        assertThat(sieve("", "get", "-u", "ann@example.org", "missing").status()).isEqualTo(68);
        assertThat(sieve("keep;\n", "put", "-u", "ann@example.org", "../escape").status()).isEqualTo(64);
        assertThat(sieve("", "list").status()).isEqualTo(64);
        assertThat(Files.exists(dir.resolve("mail/escape.sieve"))).isFalse();
    }
}

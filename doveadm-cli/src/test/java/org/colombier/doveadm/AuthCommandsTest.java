package org.colombier.doveadm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.colombier.auth.sql.EmbeddedH2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code doveadm auth test}, {@code auth lookup} and {@code user} on real passwd-file, H2 and unreachable PostgreSQL configs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthCommandsTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    static Run doveadm(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Doveadm.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    private Path passwdFileConfig() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), """
                ann:{PLAIN}secret:1000:1000::/home/ann::userdb_quota_storage_size=1G
                bob@example.org:{SHA256-CRYPT}$5$tDWBOtgxSsmkXsAd$eZJIOFG8jOA0XmGzAfnoUJ3dfM0z0mk/hIj/1SdrAg6:1001:1001::::
                """);
        return Files.writeString(dir.resolve("dovecot.conf"), """
                ssl = no
                mail_driver = maildir
                mail_path = ~/Maildir
                mail_home = /srv/mail/%%{user}
                passdb passwd-file {
                  passwd_file_path = %s
                }
                userdb passwd-file {
                  passwd_file_path = %s
                }
                """.formatted(users, users));
    }

    private String conf() throws Exception {
        return passwdFileConfig().toString();
    }

    @Test
    void authTestPrintsSuccessWithTheExtraFields() throws Exception {
        Run run = doveadm("", "-c", conf(), "auth", "test", "ann", "secret");
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("passdb: ann auth succeeded\nextra fields:\n  user=ann\n");
    }

    @Test
    void authTestOfAWrongPasswordOrUnknownUserFailsWithStatus77() throws Exception {
        String conf = conf();
        Run wrong = doveadm("", "-c", conf, "auth", "test", "ann", "wrong");
        assertThat(wrong.status()).isEqualTo(77);
        assertThat(wrong.out()).isEqualTo("passdb: ann auth failed\nextra fields:\n  user=ann\n");
        Run unknown = doveadm("", "-c", conf, "auth", "test", "zed", "secret");
        assertThat(unknown.status()).isEqualTo(77);
        assertThat(unknown.out()).startsWith("passdb: zed auth failed\n");
    }

    @Test
    void authTestReadsThePasswordFromStandardInputWhenNotGiven() throws Exception {
        Run run = doveadm("secret\n", "-c", conf(), "auth", "test", "ann");
        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("passdb: ann auth succeeded\n");
        assertThat(run.err()).isEqualTo("Password: ");
    }

    @Test
    void authInfoReachesThePassdbTemplates() throws Exception {
        Files.createDirectories(dir.resolve("imap"));
        Files.writeString(dir.resolve("imap/users"), "ann:{PLAIN}imap-pw::::::\n");
        Path conf = Files.writeString(dir.resolve("per-service.conf"), """
                ssl = no
                passdb passwd-file {
                  passwd_file_path = %s/%%{service}/users
                }
                """.formatted(dir));
        assertThat(doveadm("", "-c", conf.toString(), "auth", "test", "-x", "service=imap", "-x", "rip=192.0.2.7",
                "ann", "imap-pw").status()).isZero();
        assertThat(doveadm("", "-c", conf.toString(), "auth", "test", "ann", "imap-pw").status()).isEqualTo(77);
        Run badIp = doveadm("", "-c", conf.toString(), "auth", "test", "-x", "rip=example.org", "ann", "imap-pw");
        assertThat(badIp.status()).isEqualTo(75);
        assertThat(badIp.err()).isEqualTo("Fatal: rip: Invalid ip\n");
    }

    @Test
    void authLookupShowsFieldsButNeverThePassword() throws Exception {
        String conf = conf();
        Run run = doveadm("", "-c", conf, "auth", "lookup", "ann");
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("passdb: ann\n  user      : ann\n");
        Run unknown = doveadm("", "-c", conf, "auth", "lookup", "ann", "zed");
        assertThat(unknown.status()).isEqualTo(67);
        assertThat(unknown.out()).isEqualTo("passdb: ann\n  user      : ann\n\npassdb lookup: user zed doesn't exist\n");
        assertThat(doveadm("", "-c", conf, "auth", "lookup", "-f", "user", "ann").out()).isEqualTo("ann\n");
    }

    @Test
    void userPrintsFieldValueLinesWithConfigDefaults() throws Exception {
        String conf = conf();
        Run ann = doveadm("", "-c", conf, "user", "ann");
        assertThat(ann.status()).isZero();
        assertThat(ann.out()).isEqualTo("field\tvalue\nuid\t1000\ngid\t1000\nhome\t/home/ann\nmail_driver\tmaildir\n"
                + "mail_path\t~/Maildir\nquota_storage_size\t1G\n");
        Run bob = doveadm("", "-c", conf, "user", "-f", "home", "bob@example.org");
        assertThat(bob.out()).isEqualTo("/srv/mail/bob@example.org\n");
        Run userdbOnly = doveadm("", "-c", conf, "user", "-u", "ann");
        assertThat(userdbOnly.out()).isEqualTo("userdb: ann\n  user      : ann\n  uid       : 1000\n  gid       : 1000\n"
                + "  home      : /home/ann\n  quota_storage_size: 1G\n");
        assertThat(doveadm("", "-c", conf, "user", "*@example.org").out()).isEqualTo("bob@example.org\n");
    }

    @Test
    void userOfAnUnknownUserIsStatus67() throws Exception {
        Run run = doveadm("", "-c", conf(), "user", "zed");
        assertThat(run.status()).isEqualTo(67);
        assertThat(run.out()).isEqualTo("field\tvalue\n\nuserdb lookup: user zed doesn't exist\n");
    }

    @Test
    void theEmbeddedH2DatabaseServesTheSameCommands() throws Exception {
        Path db = dir.resolve("auth-users");
        Path conf = Files.writeString(dir.resolve("h2.conf"), """
                ssl = no
                sql_driver = h2
                h2_path = %s
                passdb sql {
                }
                userdb sql {
                }
                """.formatted(db));
        assertThat(doveadm("", "-c", conf.toString(), "user", "ann").status()).isEqualTo(67);
        try (Connection c = DriverManager.getConnection(EmbeddedH2.url(db));
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (username, password, home, uid, gid) VALUES ('ann', '{PLAIN}secret', '/srv/ann', 5, 6)");
            // the row is visible to doveadm while this connection holds the database open
            assertThat(doveadm("", "-c", conf.toString(), "auth", "test", "ann", "secret").status()).isZero();
        }
        Run wrong = doveadm("", "-c", conf.toString(), "auth", "test", "ann", "nope");
        assertThat(wrong.status()).isEqualTo(77);
        Run user = doveadm("", "-c", conf.toString(), "user", "-u", "ann");
        assertThat(user.status()).isZero();
        assertThat(user.out()).contains("  uid       : 5\n", "  home      : /srv/ann\n");
    }

    @Test
    void anUnreachableDatabaseIsATemporaryFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = Files.writeString(dir.resolve("pgsql.conf"), """
                ssl = no
                sql_driver = pgsql
                pgsql 127.0.0.1 {
                  parameters {
                    port = %d
                    dbname = mail
                    connect_timeout = 1
                  }
                }
                passdb sql {
                  query = SELECT password FROM users WHERE userid = '%%{user}'
                }
                userdb sql {
                  query = SELECT home FROM users WHERE userid = '%%{user}'
                }
                """.formatted(port));
        Run test = doveadm("", "-c", conf.toString(), "auth", "test", "ann", "secret");
        assertThat(test.status()).isEqualTo(77);
        assertThat(test.out()).isEqualTo("passdb: ann auth failed\nextra fields:\n  user=ann\n  code=temp_fail\n");
        assertThat(test.err()).startsWith("Error: passdb lookup failed for ann: ");
        Run lookup = doveadm("", "-c", conf.toString(), "auth", "lookup", "ann");
        assertThat(lookup.status()).isEqualTo(75);
        assertThat(lookup.err()).startsWith("Error: passdb lookup failed for ann: ");
        Run user = doveadm("", "-c", conf.toString(), "user", "ann");
        assertThat(user.status()).isEqualTo(75);
        assertThat(user.out()).isEqualTo("field\tvalue\n");
        assertThat(user.err()).startsWith("Error: userdb lookup failed for ann: ");
    }

    @Test
    void aConfigurationWithoutDatabasesIsAConfigurationError() throws Exception {
        Path conf = Files.writeString(dir.resolve("none.conf"), "ssl = no\n");
        Run run = doveadm("", "-c", conf.toString(), "user", "ann");
        assertThat(run.status()).isEqualTo(89);
        assertThat(run.err()).isEqualTo("Error: no passdb or userdb is configured\n");
    }

    @Test
    void aPassdbThatCannotWorkIsAConfigurationError() throws Exception {
        Path conf = Files.writeString(dir.resolve("bad.conf"), """
                ssl = no
                passdb passwd-file {
                }
                """);
        Run run = doveadm("", "-c", conf.toString(), "auth", "test", "ann", "x");
        assertThat(run.status()).isEqualTo(89);
        assertThat(run.err()).contains("passwd_file_path is not set");
    }
}

package org.colombier.doveadm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.colombier.config.ColombierConfig;
import org.colombier.config.ConfigLoader;
import org.colombier.config.InetListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ConfigDumpTest {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run doveadm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Doveadm.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    private Path siteConfig() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n");
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n");
        return Files.writeString(dir.resolve("dovecot.conf"), """
                dovecot_config_version = 2.4.0
                protocols = imap pop3 lmtp
                listen = 127.0.0.1
                ssl = yes
                ssl_server_cert_file = %s
                ssl_server_key_file = %s
                auth_mechanisms = plain login
                mail_driver = maildir
                mail_path = ~/Maildir
                mail_home = /srv/mail/%%{user}
                recipient_delimiter = "+"
                passdb passwd-file {
                  passwd_file_path = /etc/colombier/users
                }
                namespace inbox {
                  inbox = yes
                  separator = /
                  mailbox Sent {
                    special_use = \\Sent
                    auto = subscribe
                  }
                }
                service imap-login {
                  inet_listener imap {
                    port = 10143
                  }
                  inet_listener imaps {
                    port = 10993
                    ssl = yes
                  }
                }
                protocol lmtp {
                  postmaster_address = "postmaster@example.org # not a comment"
                }
                """.formatted(cert, key));
    }

    /** Effective values by name, without where they were written (a dump moves them). */
    private static Map<String, String> values(ColombierConfig c) {
        Map<String, String> all = new TreeMap<>();
        c.global().forEach((name, s) -> all.put(name, s.value()));
        c.perProtocol().forEach((p, settings) -> settings.forEach((name, s) -> all.put(p + "/" + name, s.value())));
        return all;
    }

    private static List<String> listeners(ColombierConfig c) {
        return c.services().stream().flatMap(s -> s.inetListeners().stream().map((InetListener l) ->
                s.name() + ":" + l.name() + ":" + l.addresses() + ":" + l.port() + ":" + l.ssl()))
                .collect(Collectors.toList());
    }

    @Test
    void dumpOfOnlyNonDefaultsParsesBackToTheSameSettings() throws Exception {
        Path conf = siteConfig();
        Run run = doveadm("-c", conf.toString(), "config", "dump", "-n");
        assertThat(run.status()).as(run.err()).isZero();
        ColombierConfig original = ConfigLoader.load(conf);
        ColombierConfig reparsed = ConfigLoader.parse(run.out(), "dump");
        assertThat(values(reparsed)).isEqualTo(values(original));
        assertThat(listeners(reparsed)).isEqualTo(listeners(original));
        assertThat(reparsed.passdbs()).isEqualTo(original.passdbs());
        assertThat(reparsed.namespaces()).isEqualTo(original.namespaces());
        assertThat(run.out()).doesNotContain("imap_max_line_length");
    }

    @Test
    void fullDumpIncludesDefaultsAndParsesBack() throws Exception {
        Path conf = siteConfig();
        Run run = doveadm("-c", conf.toString(), "config", "dump");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("imap_max_line_length");
        assertThat(values(ConfigLoader.parse(run.out(), "dump"))).containsAllEntriesOf(values(ConfigLoader.load(conf)));
    }

    @Test
    void embeddedDefaultIsDumpedWithoutAConfigFile() {
        Run run = doveadm("config", "dump", "-n");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("port = 1143").contains("mail_home = ./var/mail/%{user}");
    }

    @Test
    void brokenConfigExitsWithStatus89AndNamesFileAndLine() throws Exception {
        Path conf = Files.writeString(dir.resolve("broken.conf"), "protocols = imap\nservice imap-login {\n  port = 1\n");
        Run run = doveadm("-c", conf.toString(), "config", "dump");
        assertThat(run.status()).isEqualTo(Doveadm.EX_CONFIG);
        assertThat(run.err()).contains(conf + ":2:");
    }

    @Test
    void unknownCommandIsAUsageError() {
        Run run = doveadm("no-such-command");
        assertThat(run.status()).isEqualTo(Doveadm.EX_USAGE);
    }
}

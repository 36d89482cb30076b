package org.colombier.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code doveconf} and {@code doveconf -n} output parses back to the same effective settings. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConfigWriterTest {
    private static void assertRoundTrip(ColombierConfig c) throws ConfigException {
        for (boolean onlyNonDefaults : new boolean[] {false, true}) {
            String dumped = ConfigWriter.dump(c, onlyNonDefaults);
            ColombierConfig back = ConfigLoader.parse(dumped, "dump.conf");
            assertThat(Effective.of(back)).as("-n=%s:%n%s", onlyNonDefaults, dumped).isEqualTo(Effective.of(c));
            assertThat(back.warnings()).as(dumped).isEmpty();
        }
    }

    @Test
    void runningExampleRoundTrips(@TempDir Path dir) throws Exception {
        assertRoundTrip(ConfigLoader.load(RunningExampleTest.exampleWithCertificates(dir)));
    }

    @Test
    void embeddedDefaultRoundTrips(@TempDir Path dir) throws Exception {
        // parse() checks the certificate, which the embedded default may not have yet: point at real files.
        Path cert = Files.writeString(dir.resolve("server.crt"), "cert");
        Path key = Files.writeString(dir.resolve("server.key"), "key");
        ColombierConfig embedded = ConfigLoader.embeddedDefault();
        for (boolean onlyNonDefaults : new boolean[] {false, true}) {
            String dumped = ConfigWriter.dump(embedded, onlyNonDefaults)
                    .replace("./var/ssl/server.crt", cert.toString()).replace("./var/ssl/server.key", key.toString());
            Map<String, Object> back = Effective.of(ConfigLoader.parse(dumped, "dump.conf"));
            Map<String, Object> expected = Effective.of(embedded);
            for (Map<String, Object> m : List.of(back, expected)) {
                m.remove("ssl");
                @SuppressWarnings("unchecked")
                Map<String, String> global = (Map<String, String>) m.get("global");
                global.remove("ssl_server_cert_file");
                global.remove("ssl_server_key_file");
            }
            assertThat(back).as(dumped).isEqualTo(expected);
        }
    }

    @Test
    void valuesThatNeedQuotingRoundTrip(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("query.sql"), "SELECT password\nFROM users\tWHERE u = '%{user}'\n");
        Files.writeString(dir.resolve("dovecot.conf"), """
                ssl = no
                login_greeting = "  spaced # not a comment "
                hostname = "it's \\"quoted\\" $notaref"
                postmaster_address = "<literal-angle@example.org>"
                info_log_path = "ends with backslash\\\\"
                passdb_sql_query = <query.sql
                mail_plugins = quota acl
                no_such_setting = kept
                pgsql_parameters {
                  host = db.example.org
                  "odd key" = x
                }
                protocol lmtp {
                  mail_plugins {
                    sieve = yes
                  }
                  login_greeting = "lmtp # greeting"
                }
                passdb sql {
                  driver = sql
                  query = SELECT 1
                  fields {
                    nopassword = y
                  }
                }
                userdb "static users" {
                  driver = static
                  fields {
                    uid = vmail
                  }
                }
                namespace inbox {
                  inbox = yes
                  prefix = "INBOX/"
                  mailbox "Sent Items" {
                    special_use = \\Sent
                    auto = create
                  }
                }
                service lmtp {
                  unix_listener /run/colombier/lmtp {
                    mode = 0660
                  }
                  inet_listener lmtp {
                    address = 192.0.2.1
                    port = 10024
                  }
                }
                sieve_script before {
                  type = before
                  path = /etc/sieve/before.sieve
                }
                """);
        ColombierConfig c = ConfigLoader.load(dir.resolve("dovecot.conf"));
        assertThat(c.warnings()).extracting(ConfigWarning::message).containsExactly("unknown setting 'no_such_setting'");
        assertThat(c.setting("pgsql_parameters/odd key")).hasValue("x");
        assertThat(c.userdbs().get(0).name()).isEqualTo("static users");
        String dumped = ConfigWriter.dump(c, false);
        ColombierConfig back = ConfigLoader.parse(dumped, "dump.conf");
        assertThat(Effective.of(back)).as(dumped).isEqualTo(Effective.of(c));
        String nonDefaults = ConfigWriter.dump(c, true);
        assertThat(Effective.of(ConfigLoader.parse(nonDefaults, "dump.conf"))).as(nonDefaults).isEqualTo(Effective.of(c));
    }

    @Test
    void onlyNonDefaultsLeavesDefaultsOut() throws Exception {
        ColombierConfig c = ConfigLoader.parse("ssl = no\nrecipient_delimiter = +\nhostname = mx\n", "t.conf");
        String n = ConfigWriter.dump(c, true);
        assertThat(n).contains("\nssl = no\n").contains("\nhostname = mx\n").doesNotContain("recipient_delimiter")
                .doesNotContain("auth_failure_delay");
        String all = ConfigWriter.dump(c, false);
        assertThat(all).contains("\nrecipient_delimiter = +\n").contains("\nauth_failure_delay = 2s\n");
    }

    @Test
    void quotingIsMinimal() {
        assertThat(ConfigWriter.quoteValue("imap pop3")).isEqualTo("imap pop3");
        assertThat(ConfigWriter.quoteValue("\\Sent")).isEqualTo("\\Sent");
        assertThat(ConfigWriter.quoteValue("a # b")).isEqualTo("\"a # b\"");
        assertThat(ConfigWriter.quoteValue(" lead")).isEqualTo("\" lead\"");
        assertThat(ConfigWriter.quoteValue("say \"hi\"\n")).isEqualTo("\"say \\\"hi\\\"\\n\"");
    }
}

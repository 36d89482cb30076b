package org.colombier.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.colombier.api.auth.DriverSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One test per element of the dovecot.conf syntax. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConfigSyntaxTest {
    /** Parses {@code text} with TLS off, so snippets need no certificate. */
    static ColombierConfig parse(String text) throws ConfigException {
        return ConfigLoader.parse("ssl = no\n" + text, "t.conf");
    }

    @Test
    void keyValueWithTrailingWhitespaceAndComments() throws Exception {
        ColombierConfig c = parse("""
                # a comment line

                   login_greeting = Hello   world   \t
                protocols = imap   # imap only
                recipient_delimiter=-
                """);
        assertThat(c.setting("login_greeting")).hasValue("Hello   world");
        assertThat(c.protocols()).containsExactly("imap");
        assertThat(c.setting("recipient_delimiter")).hasValue("-");
        assertThat(c.global().get("protocols").where()).isEqualTo(new SourceLocation("t.conf", 5));
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void quotedValuesKeepHashSpacesAndEscapedQuotes() throws Exception {
        ColombierConfig c = parse("""
                login_greeting = "# not a comment, \\"quoted\\" and a trailing space "  # comment
                hostname = 'it\\'s'
                postmaster_address = "back\\\\slash"
                """);
        assertThat(c.setting("login_greeting")).hasValue("# not a comment, \"quoted\" and a trailing space ");
        assertThat(c.setting("hostname")).hasValue("it's");
        assertThat(c.setting("postmaster_address")).hasValue("back\\slash");
    }

    @Test
    void unquotedBackslashIsLiteral() throws Exception {
        ColombierConfig c = parse("""
                namespace inbox {
                  mailbox Sent {
                    special_use = \\Sent
                  }
                  mailbox "Sent Items" {
                    auto = create
                  }
                }
                """);
        NamespaceSettings ns = c.namespaces().get(0);
        assertThat(ns.mailboxes()).containsExactly(new MailboxSettings("Sent", "\\Sent", "no"),
                new MailboxSettings("Sent Items", null, "create"));
    }

    @Test
    void byteOrderMarkAndCrLfLineEndingsAreAccepted() throws Exception {
        ColombierConfig c = ConfigLoader.parse("\uFEFFssl = no\r\nhostname = mx\r\n", "t.conf");
        assertThat(c.setting("hostname")).hasValue("mx");
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void laterValueOverridesEarlierOne() throws Exception {
        ColombierConfig c = parse("hostname = a\nhostname = b\n");
        assertThat(c.global().get("hostname")).isEqualTo(new Setting("hostname", "b", new SourceLocation("t.conf", 3)));
    }

    @Test
    void trailingBackslashContinuesTheLine() throws Exception {
        ColombierConfig c = parse("userdb_sql_query = SELECT home \\\n    FROM users\n");
        assertThat(c.setting("userdb_sql_query")).hasValue("SELECT home FROM users");
    }

    @Test
    void namedDriverSectionsWithShortAndFullNames() throws Exception {
        ColombierConfig c = parse("""
                sql_driver = sqlite
                sqlite_path = /var/lib/users.db
                passdb passwd-file {
                  passwd_file_path = /etc/colombier/users
                }
                passdb sql {
                  query = SELECT password FROM users WHERE user = '%{user}'
                }
                passdb {
                  driver = pam
                  service_name = mail
                }
                userdb static {
                  fields {
                    uid = vmail
                    home = /srv/%{user}
                  }
                }
                """);
        assertThat(c.passdbs()).extracting(DriverSettings::driver).containsExactly("passwd-file", "sql", "pam");
        assertThat(c.passdbs().get(0).get("passwd_file_path", null)).isEqualTo("/etc/colombier/users");
        DriverSettings sql = c.passdbs().get(1);
        assertThat(sql.get("passdb_sql_query", null)).isEqualTo("SELECT password FROM users WHERE user = '%{user}'");
        assertThat(sql.get("query", null)).isEqualTo(sql.get("passdb_sql_query", null));
        assertThat(sql.get("sql_driver", null)).isEqualTo("sqlite");
        assertThat(sql.get("sqlite_path", null)).isEqualTo("/var/lib/users.db");
        DriverSettings pam = c.passdbs().get(2);
        assertThat(pam.name()).isEqualTo("pam");
        assertThat(pam.get("passdb_pam_service_name", null)).isEqualTo("mail");
        assertThat(pam.get("service_name", null)).isEqualTo("mail");
        DriverSettings userdb = c.userdbs().get(0);
        assertThat(userdb.driver()).isEqualTo("static");
        assertThat(userdb.get("userdb_fields/uid", null)).isEqualTo("vmail");
        assertThat(userdb.get("fields/home", null)).isEqualTo("/srv/%{user}");
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void servicesWithInetAndUnixListeners() throws Exception {
        ColombierConfig c = parse("""
                listen = 127.0.0.1, ::1
                service imap-login {
                  process_limit = 10
                  inet_listener imap {
                    port = 143
                  }
                  inet_listener imaps {
                    port = 993
                    ssl = yes
                    address = 192.0.2.1
                  }
                }
                service lmtp {
                  unix_listener lmtp {
                    mode = 0666
                  }
                  inet_listener lmtp {
                  }
                }
                """);
        assertThat(c.listen()).containsExactly("127.0.0.1", "::1");
        ServiceSettings imap = c.services().get(0);
        assertThat(imap.protocol()).isEqualTo("imap");
        assertThat(imap.inetListeners()).containsExactly(
                new InetListener("imap", java.util.List.of("127.0.0.1", "::1"), 143, false, new SourceLocation("t.conf", 5)),
                new InetListener("imaps", java.util.List.of("192.0.2.1"), 993, true, new SourceLocation("t.conf", 8)));
        ServiceSettings lmtp = c.services().get(1);
        assertThat(lmtp.unixListeners()).containsExactly(new UnixListener(Path.of("lmtp"), 0666, new SourceLocation("t.conf", 15)));
        assertThat(lmtp.inetListeners().get(0).port()).as("well-known port of a listener without one").isEqualTo(24);
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void portZeroTurnsAListenerOffAsInDovecot() throws Exception {
        ColombierConfig c = parse("""
                service imap-login {
                  inet_listener imap {
                    port = 0
                  }
                  inet_listener imaps {
                    port = 993
                    ssl = yes
                  }
                }
                """);
        assertThat(c.services().get(0).inetListeners()).extracting(InetListener::name).containsExactly("imaps");
    }

    @Test
    void namespaceSettingsAndDefaults() throws Exception {
        ColombierConfig c = parse("""
                namespace inbox {
                  inbox = yes
                  separator = /
                }
                namespace shared {
                  type = shared
                  prefix = shared/%{user}/
                  list = no
                  namespace_hidden = yes
                }
                """);
        assertThat(c.namespaces()).containsExactly(
                new NamespaceSettings("inbox", "private", "", '/', true, false, true, true, java.util.List.of()),
                new NamespaceSettings("shared", "shared", "shared/%{user}/", '.', false, true, false, true, java.util.List.of()));
    }

    @Test
    void sectionsWithTheSameNameMerge() throws Exception {
        ColombierConfig c = parse("""
                namespace inbox {
                  inbox = yes
                }
                namespace inbox {
                  mailbox Trash {
                    special_use = \\Trash
                  }
                }
                """);
        assertThat(c.namespaces()).hasSize(1);
        assertThat(c.namespaces().get(0).inbox()).isTrue();
        assertThat(c.namespaces().get(0).mailboxes()).extracting(MailboxSettings::name).containsExactly("Trash");
    }

    @Test
    void protocolFilterOverridesGlobalValue() throws Exception {
        ColombierConfig c = parse("""
                mail_plugins = quota
                mail_max_userip_connections = 5
                protocol lmtp {
                  mail_plugins {
                    sieve = yes
                  }
                }
                protocol imap {
                  mail_max_userip_connections = 20
                }
                """);
        assertThat(c.setting("lmtp", "mail_plugins")).hasValue("quota sieve");
        assertThat(c.setting("imap", "mail_plugins")).hasValue("quota");
        assertThat(c.setting("imap", "mail_max_userip_connections")).hasValue("20");
        assertThat(c.setting("pop3", "mail_max_userip_connections")).hasValue("5");
        assertThat(c.perProtocol().get("lmtp").get("mail_plugins").where()).isEqualTo(new SourceLocation("t.conf", 5));
    }

    @Test
    void pop3LoginDelayIsAKnownTimeSettingOffByDefault() throws Exception {
        assertThat(KnownSettings.lookup("pop3_login_delay").get().kind()).isEqualTo(KnownSettings.Kind.TIME);
        assertThat(KnownSettings.defaultValue("pop3_login_delay")).hasValue("0");
        ColombierConfig c = parse("""
                pop3_login_delay = 1 min
                protocol pop3 {
                  pop3_login_delay = 5 mins
                }
                """);
        assertThat(c.setting("pop3", "pop3_login_delay")).hasValue("5 mins");
        assertThat(c.setting("imap", "pop3_login_delay")).hasValue("1 min");
        assertThat(SettingValues.parseDuration(c.setting("pop3", "pop3_login_delay").get(), null, "pop3_login_delay"))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void booleanListSectionAddsAndRemoves() throws Exception {
        ColombierConfig c = parse("""
                mail_plugins = acl
                mail_plugins {
                  quota = yes
                  zlib = yes
                  acl = no
                }
                auth_mechanisms {
                  login = yes
                }
                """);
        assertThat(c.setting("mail_plugins")).hasValue("quota zlib");
        assertThat(c.auth().mechanisms()).containsExactly("plain", "login");
    }

    @Test
    void sieveScriptSection() throws Exception {
        ColombierConfig c = parse("""
                sieve_script personal {
                  driver = file
                  path = ~/sieve
                  active_path = ~/.dovecot.sieve
                }
                """);
        assertThat(c.sieveScripts()).containsExactly(new SieveScriptSettings("personal", "personal", "file", "~/sieve",
                "~/.dovecot.sieve", new SourceLocation("t.conf", 2)));
    }

    @Test
    void dollarReferencesSeeTheValueSetAboveOrTheDefault() throws Exception {
        ColombierConfig c = parse("""
                hostname = mx.example.org
                login_greeting = $hostname ready
                mail_plugins = $mail_plugins quota
                postmaster_address = postmaster@$SET:hostname
                imap_capability = "$hostname"
                pop3_deleted_flag = costs $5
                protocol imap {
                  mail_plugins = $mail_plugins imap_quota
                }
                """);
        assertThat(c.setting("login_greeting")).hasValue("mx.example.org ready");
        assertThat(c.setting("mail_plugins")).hasValue("quota");
        assertThat(c.setting("postmaster_address")).hasValue("postmaster@mx.example.org");
        assertThat(c.setting("imap_capability")).as("quoted values are literal").hasValue("$hostname");
        assertThat(c.setting("pop3_deleted_flag")).hasValue("costs $5");
        assertThat(c.setting("imap", "mail_plugins")).hasValue("quota imap_quota");
    }

    @Test
    void listenerAddressesIn24AndIn23Style() throws Exception {
        ColombierConfig c = parse("""
                service imap-login {
                  inet_listener imap {
                    listen = 192.0.2.1, 192.0.2.2
                  }
                  inet_listener imaps {
                    address = 192.0.2.3
                  }
                }
                """);
        assertThat(c.services().get(0).inetListeners()).extracting(InetListener::addresses).containsExactly(
                java.util.List.of("192.0.2.1", "192.0.2.2"), java.util.List.of("192.0.2.3"));
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void sqlHostFiltersBecomeDriverSettings() throws Exception {
        ColombierConfig c = parse("""
                sql_driver = pgsql
                pgsql db1.example.org {
                  parameters {
                    dbname = mail
                  }
                }
                pgsql db2.example.org {
                }
                passdb sql {
                  mysql localhost {
                    user = dovecot
                    port = 3307
                  }
                }
                """);
        assertThat(c.setting("pgsql_host")).hasValue("db1.example.org db2.example.org");
        assertThat(c.setting("pgsql_parameters/dbname")).hasValue("mail");
        DriverSettings sql = c.passdbs().get(0);
        assertThat(sql.get("pgsql_host", null)).isEqualTo("db1.example.org db2.example.org");
        assertThat(sql.get("mysql_host", null)).isEqualTo("localhost");
        assertThat(sql.get("mysql_user", null)).isEqualTo("dovecot");
        assertThat(sql.get("mysql_port", null)).isEqualTo("3307");
        assertThat(c.warnings()).isEmpty();
    }


    @Test
    void passdbsAndUserdbsGetTheGlobalSettingsTheirDriversRead() throws Exception {
        ColombierConfig c = parse("""
                auth_allow_weak_schemes = yes
                state_dir = /var/lib/colombier-test
                h2_path = /srv/auth/users
                sql_driver = h2
                passdb sql {
                }
                userdb sql {
                }
                """);
        for (DriverSettings d : List.of(c.passdbs().get(0), c.userdbs().get(0))) {
            assertThat(d.get("auth_allow_weak_schemes", null)).isEqualTo("yes");
            assertThat(d.get("state_dir", null)).isEqualTo("/var/lib/colombier-test");
            assertThat(d.get("h2_path", null)).isEqualTo("/srv/auth/users");
            assertThat(d.get("sql_driver", null)).isEqualTo("h2");
        }
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void noOtherInterpolationThanDovecots() throws Exception {
        ColombierConfig c = parse("""
                hostname = ${sys:user.home}
                namespace inbox {
                  prefix = "${env:HOME}/"
                }
                """);
        assertThat(c.setting("hostname")).hasValue("${sys:user.home}");
        assertThat(c.namespaces().get(0).prefix()).isEqualTo("${env:HOME}/");
    }

    @Test
    void mailStoreSettingsCarryTheMailOptionsPerProtocol() throws Exception {
        ColombierConfig c = parse("""
                mail_driver = sdbox
                mail_fsync = never
                maildir_very_dirty_syncs = yes
                hostname = not-a-mail-option
                protocol lmtp {
                  mail_fsync = always
                }
                """);
        org.colombier.api.storage.MailStoreSettings imap = c.mailStoreSettings("imap");
        assertThat(imap.driver()).isEqualTo("sdbox");
        assertThat(imap.fsync()).isEqualTo("never");
        assertThat(imap.option("maildir_very_dirty_syncs", null)).isEqualTo("yes");
        assertThat(imap.options()).doesNotContainKey("hostname");
        assertThat(c.mailStoreSettings("lmtp").fsync()).isEqualTo("always");
    }


    @Test
    void valueFromFileIsReadRelativeToTheConfigAndTrimmed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("greeting.txt"), "Welcome, friend\n\n");
        Files.writeString(dir.resolve("query.sql"), "SELECT password\nFROM users\n");
        Files.writeString(dir.resolve("dovecot.conf"), """
                ssl = no
                login_greeting = <greeting.txt
                passdb_sql_query = < query.sql
                """);
        ColombierConfig c = ConfigLoader.load(dir.resolve("dovecot.conf"));
        assertThat(c.setting("login_greeting")).hasValue("Welcome, friend");
        assertThat(c.setting("passdb_sql_query")).hasValue("SELECT password\nFROM users");
        assertThat(c.source()).isEqualTo(dir.resolve("dovecot.conf"));
    }

    @Test
    void fileSettingsTakeTheOldLessThanPrefixAsAPath(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), "cert");
        Path key = Files.writeString(dir.resolve("k.pem"), "key");
        ColombierConfig c = ConfigLoader.parse("ssl_server_cert_file = <" + cert + "\nssl_server_key_file = " + key + "\n", "t.conf");
        assertThat(c.ssl()).isEqualTo(new SslSettings(SslMode.YES, cert, key, "TLSv1.2"));
    }

    @Test
    void includesWithSortedGlobsRelativeToTheIncludingFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/20-b.conf"), "hostname = from-b\nmail_plugins = $mail_plugins b\n");
        Files.writeString(dir.resolve("conf.d/10-a.conf"), "hostname = from-a\nmail_plugins = a\n!include ../more/extra.inc\n");
        Files.writeString(dir.resolve("conf.d/ignored.txt"), "hostname = wrong\n");
        Files.createDirectories(dir.resolve("more"));
        Files.writeString(dir.resolve("more/extra.inc"), "login_greeting = extra\n");
        Files.writeString(dir.resolve("dovecot.conf"), """
                ssl = no
                !include conf.d/*.conf
                !include_try /nonexistent/colombier-missing.conf
                !include_try missing.d/*.conf
                service imap-login {
                  !include listener.inc
                }
                """);
        Files.writeString(dir.resolve("listener.inc"), "inet_listener imap {\n  port = 10143\n}\n");
        ColombierConfig c = ConfigLoader.load(dir.resolve("dovecot.conf"));
        assertThat(c.setting("hostname")).hasValue("from-b");
        assertThat(c.global().get("hostname").where()).isEqualTo(new SourceLocation(dir.resolve("conf.d/20-b.conf").toString(), 1));
        assertThat(c.setting("mail_plugins")).hasValue("a b");
        assertThat(c.setting("login_greeting")).hasValue("extra");
        assertThat(c.services().get(0).inetListeners().get(0).port()).isEqualTo(10143);
        assertThat(c.services().get(0).inetListeners().get(0).where())
                .isEqualTo(new SourceLocation(dir.resolve("listener.inc").toString(), 1));
    }

    @Test
    void authCacheSettingsAreTypedWithDovecotDefaults() throws Exception {
        assertThat(parse("auth_allow_cleartext = yes\n").auth().cache()).isEqualTo(AuthCacheSettings.DEFAULTS);
        assertThat(AuthCacheSettings.DEFAULTS.enabled()).as("auth_cache_size = 0 turns the cache off").isFalse();
        AuthCacheSettings cache = parse("""
                auth_cache_size = 10M
                auth_cache_ttl = 5 mins
                auth_cache_negative_ttl = 0
                auth_cache_verify_password_with_worker = yes
                """).auth().cache();
        assertThat(cache).isEqualTo(new AuthCacheSettings(10L << 20, Duration.ofMinutes(5), Duration.ZERO));
        assertThat(cache.enabled()).isTrue();
    }

    @Test
    void masterUserSeparatorIsEmptyByDefaultAndTakenAsWritten() throws Exception {
        assertThat(parse("").auth().masterUserSeparator()).isEmpty();
        assertThat(parse("auth_master_user_separator = *\n").auth().masterUserSeparator()).isEqualTo("*");
    }

    @Test
    void typedGlobalRecords() throws Exception {
        ColombierConfig c = parse("""
                auth_allow_cleartext = yes
                auth_failure_delay = 500 ms
                mail_driver = sdbox
                mail_home = /srv/mail/%{user | domain}/%{user | username}
                mail_fsync = always
                """);
        assertThat(c.auth()).isEqualTo(new AuthSettings(true, java.util.List.of("plain"), false, Duration.ofMillis(500)));
        assertThat(c.mail()).isEqualTo(new MailSettings("sdbox", "~/Maildir",
                "/srv/mail/%{user | domain}/%{user | username}", "always"));
        assertThat(c.ssl()).isEqualTo(new SslSettings(SslMode.NO, null, null, "TLSv1.2"));
        assertThat(c.setting("recipient_delimiter")).as("defaults are effective settings").hasValue("+");
        assertThat(c.global().get("recipient_delimiter").where()).isEqualTo(SourceLocation.DEFAULT);
    }

    @Test
    void unknownSettingsAreWarningsWithTheirLocation() throws Exception {
        ColombierConfig c = parse("""
                no_such_setting = 1
                ssl_cert = </etc/cert.pem
                service imap-login {
                  inet_listener imap {
                    colour = blue
                  }
                }
                """);
        assertThat(c.warnings()).extracting(ConfigWarning::toString).containsExactly(
                "t.conf:2: unknown setting 'no_such_setting'",
                "t.conf:3: unknown setting 'ssl_cert' (Dovecot 2.4 renamed it: use ssl_server_cert_file)",
                "t.conf:6: unknown setting 'colour'");
        assertThat(c.setting("no_such_setting")).as("kept, not dropped").hasValue("1");
    }

    @Test
    void unsupportedSectionsAreWarnedAboutNotDropped() throws Exception {
        ColombierConfig c = parse("""
                remote 10.0.0.0/8 {
                  auth_allow_cleartext = yes
                }
                protocol imap {
                  namespace inbox {
                  }
                  passdb_fields {
                    a = b
                  }
                }
                service imap-login {
                  fifo_listener login/x {
                  }
                }
                """);
        assertThat(c.warnings()).extracting(ConfigWarning::toString).containsExactly(
                "t.conf:2: section 'remote 10.0.0.0/8' is not supported here; its settings are ignored",
                "t.conf:6: section 'namespace inbox' is not supported here; its settings are ignored",
                "t.conf:13: section 'fifo_listener login/x' is not supported here; its settings are ignored");
        assertThat(c.setting("imap", "passdb_fields/a")).as("a list in a filter is read").hasValue("b");
        assertThat(c.auth().allowCleartext()).isFalse();
    }
}

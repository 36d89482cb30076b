package org.colombier.doveadm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;

import org.colombier.config.ConfigLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** bin/doveconf and {@code doveadm config}: Dovecot's doveconf options over a site configuration. */
@Timeout(30)
class DoveconfTest {
    @TempDir
    Path dir;

    private Path conf;

    private record Run(int status, String out, String err) {
    }

    @BeforeEach
    void writeConfig() throws Exception {
        conf = Files.writeString(dir.resolve("dovecot.conf"), """
                dovecot_config_version = 2.4.0
                protocols = imap pop3 lmtp
                listen = 127.0.0.1
                ssl = no
                ssl_server_key_password = hunter2
                login_greeting = Hello.
                mail_driver = maildir
                mail_path = ~/Maildir
                mail_home = /srv/mail/%{user}
                passdb users {
                  driver = passwd-file
                  passwd_file_path = /etc/colombier/users
                }
                userdb users {
                  driver = passwd-file
                  passwd_file_path = /etc/colombier/users
                }
                service imap-login {
                  inet_listener imap {
                    port = 10143
                  }
                }
                service pop3-login {
                  inet_listener pop3 {
                    port = 10110
                  }
                }
                protocol imap {
                  login_greeting = IMAP here.
                }
                """);
    }

    private static Run capture(BiFunction<PrintWriter, PrintWriter, Integer> main) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = main.apply(new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    private Run doveconf(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-c";
        all[1] = conf.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return capture((out, err) -> Doveconf.run(all, out, err));
    }

    private Run doveadmConfig(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "-c";
        all[1] = conf.toString();
        all[2] = "config";
        System.arraycopy(args, 0, all, 3, args.length);
        return capture((out, err) -> Doveadm.run(all, out, err));
    }

    @Test
    void plainRunShowsOnlyNonDefaultSettingsAsDovecot24() {
        Run run = doveconf();
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("mail_home = /srv/mail/%{user}\n", "passdb users {\n", "port = 10143\n")
                .doesNotContain("imap_max_line_length");
        assertThat(doveconf("-n").out()).isEqualTo(run.out());
    }

    @Test
    void dashAShowsDefaultsTooAndParsesBack() throws Exception {
        Run run = doveconf("-a", "-P");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("imap_max_line_length = ", "mail_path = ~/Maildir\n");
        assertThat(ConfigLoader.parse(run.out(), "dump").setting("imap", "login_greeting")).contains("IMAP here.");
    }

    @Test
    void secretsAreHiddenUnlessDashP() {
        assertThat(doveconf().out()).contains("ssl_server_key_password = # hidden, use -P to show it\n")
                .doesNotContain("hunter2");
        assertThat(doveconf("ssl_server_key_password").out())
                .isEqualTo("ssl_server_key_password = # hidden, use -P to show it\n");
        assertThat(doveconf("-P").out()).contains("ssl_server_key_password = hunter2\n");
        assertThat(doveconf("-P", "-h", "ssl_server_key_password").out()).isEqualTo("hunter2\n");
    }

    @Test
    void settingNamePrintsNameAndValueAndDashHOnlyTheValue() {
        assertThat(doveconf("mail_path").out()).isEqualTo("mail_path = ~/Maildir\n");
        assertThat(doveconf("-h", "mail_path", "mail_home").out()).isEqualTo("~/Maildir\n/srv/mail/%{user}\n");
        // A default the file does not set is still answered, as doveconf does.
        assertThat(doveconf("-h", "imap_max_line_length").out()).isNotBlank();
        assertThat(doveconf("-h", "service/imap-login/inet_listener/imap/port").out()).isEqualTo("10143\n");
        // -n does not hide a named setting that has its default value
        assertThat(doveconf("-n", "-h", "mail_path").out()).isEqualTo("~/Maildir\n");
        assertThat(doveconf("-n", "-h", "imap_max_line_length").out()).isEqualTo(doveconf("-h", "imap_max_line_length").out());
    }

    @Test
    void unknownSettingIsFatalWithStatus89() {
        Run run = doveconf("mail_paht");
        assertThat(run.status()).isEqualTo(89);
        assertThat(run.err()).isEqualTo("doveconf: Fatal: Unknown setting: mail_paht\n");
    }

    @Test
    void protocolFilterAppliesTheProtocolBlock() {
        assertThat(doveconf("-h", "-f", "protocol=imap", "login_greeting").out()).isEqualTo("IMAP here.\n");
        assertThat(doveconf("-h", "-f", "protocol=pop3", "login_greeting").out()).isEqualTo("Hello.\n");
        assertThat(doveconf("-h", "login_greeting").out()).isEqualTo("Hello.\n");
        Run filtered = doveconf("-n", "-f", "protocol=imap");
        assertThat(filtered.out()).contains("login_greeting = IMAP here.\n").doesNotContain("protocol imap {");
        Run bad = doveconf("-f", "colour=blue");
        assertThat(bad.status()).isEqualTo(89);
        assertThat(bad.err()).contains("Unknown filter argument: colour=blue");
    }

    @Test
    void sectionNamesShowWholeSections() {
        Run passdb = doveconf("passdb");
        assertThat(passdb.out()).startsWith("passdb users {\n").contains("passwd_file_path = /etc/colombier/users\n")
                .doesNotContain("userdb", "service");
        Run service = doveconf("service/pop3-login");
        assertThat(service.out()).startsWith("service pop3-login {\n").contains("port = 10110").doesNotContain("10143");
        assertThat(doveconf("service").out()).contains("service imap-login {", "service pop3-login {");
    }

    @Test
    void dashXIsAcceptedBecauseValuesAreAlwaysExpanded() {
        assertThat(doveconf("-x", "-h", "mail_path").out()).isEqualTo("~/Maildir\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-a", "-n", "mail_path", "passdb", "-P"})
    void doveadmConfigTakesTheSameOptions(String arg) {
        Run viaDoveadm = doveadmConfig(arg);
        assertThat(viaDoveadm.status()).as(viaDoveadm.err()).isZero();
        assertThat(viaDoveadm.out()).isEqualTo(doveconf(arg).out());
    }

    @Test
    void doveadmConfigHWithNamesPrintsValues() {
        Run run = doveadmConfig("-h", "-f", "protocol=imap", "login_greeting");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("IMAP here.\n");
    }

    @Test
    void doveadmConfigTakesDashCAfterConfigToo() {
        Run run = capture((out, err) -> Doveadm.run(new String[] {"config", "-c", conf.toString(), "-h", "mail_home"}, out, err));
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("/srv/mail/%{user}\n");
        assertThat(capture((out, err) -> Doveadm.run(new String[] {"config", "--help"}, out, err)).out())
                .startsWith("Usage: doveadm config");
    }

    @Test
    void doveadmHelpConfigDocumentsTheDoveconfOptions() {
        Run help = capture((out, err) -> Doveadm.run(new String[] {"help", "config"}, out, err));
        assertThat(help.out()).contains("-a", "-n", "-h", "-P", "-x", "-f=FILTER", "NAME", "dump");
    }

    @Test
    void brokenConfigIsFatalWithStatus89() throws Exception {
        Files.writeString(conf, "service imap-login {\n");
        Run run = doveconf();
        assertThat(run.status()).isEqualTo(89);
        assertThat(run.err()).startsWith("doveconf: Fatal: ").contains(conf.toString());
    }
}

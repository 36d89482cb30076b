package org.colombier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every configuration error names the file and line, as {@code FILE:LINE: what is wrong}. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConfigErrorsTest {
    private static void assertError(String text, String expectedStart) {
        assertThatThrownBy(() -> ConfigLoader.parse(text, "t.conf"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expectedStart);
    }

    @Test
    void missingClosingBraceReportsWhereTheSectionOpened() {
        assertError("ssl = no\nservice imap-login {\n  inet_listener imap {\n    port = 143\n  }\n",
                "t.conf:2: missing '}' for section 'service imap-login' opened here");
    }

    @Test
    void missingClosingBraceInAnIncludedFileIsReportedThere(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.inc"), "\nnamespace inbox {\n");
        Files.writeString(dir.resolve("dovecot.conf"), "ssl = no\n!include a.inc\n}\n");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("dovecot.conf")))
                .hasMessageStartingWith(dir.resolve("a.inc") + ":2: missing '}'");
    }

    @Test
    void unexpectedClosingBrace() {
        assertError("ssl = no\n\n}\n", "t.conf:3: unexpected '}' with no open section");
    }

    @Test
    void unknownSectionType() {
        assertError("ssl = no\nfoo {\n}\n", "t.conf:2: unknown section type 'foo'");
        assertError("ssl = no\nfoo bar {\n}\n", "t.conf:2: unknown section type 'foo'");
        assertError("ssl = no\n\nfoo { }\n", "t.conf:3: unknown section type 'foo'");
    }

    @Test
    void badSyntaxLine() {
        assertError("ssl = no\nthis is not valid\n", "t.conf:2: expected '=' or '{' after 'this'");
        assertError("ssl = no\n= value\n", "t.conf:2: expected a setting name or a section");
        assertError("ssl = no\nnamespace inbox { inbox = yes }\n", "t.conf:2: unexpected 'inbox = yes }' after '{'");
        assertError("ssl = no\nhostname = \"unterminated\n", "t.conf:2: missing closing \"");
        assertError("ssl = no\nhostname = \"a\" b\n", "t.conf:2: unexpected 'b' after the closing quote");
        assertError("ssl = no\n!includ x\n", "t.conf:2: unknown directive '!includ'");
    }

    @Test
    void unreadableIncludeIsAnErrorButIncludeTryIsNot(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.conf");
        assertError("ssl = no\n!include_try " + missing + "\n!include " + missing + "\n",
                "t.conf:3: cannot read include file " + missing);
    }

    @Test
    void includeLoopIsAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("loop.conf"), "!include loop.conf\n");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("loop.conf")))
                .hasMessageStartingWith(dir.resolve("loop.conf") + ":1: includes nested more than");
    }

    @Test
    void unreadableValueFile(@TempDir Path dir) {
        Path missing = dir.resolve("nothing.txt");
        assertError("ssl = no\nlogin_greeting = <" + missing + "\n", "t.conf:2: cannot read " + missing);
    }

    @Test
    void undefinedReference() {
        assertError("ssl = no\nhostname = $nosuch_setting\n", "t.conf:2: $nosuch_setting refers to a setting that is not defined");
    }

    @ParameterizedTest
    @CsvSource({"abc", "-1", "65536", "14 3"})
    void badPort(String port) {
        assertError("ssl = no\nservice imap-login {\n  inet_listener imap {\n    port = " + port + "\n  }\n}\n",
                "t.conf:4: invalid port '" + port + "'");
    }

    @Test
    void listenerWithoutPortAndNoWellKnownOne() {
        assertError("ssl = no\nservice x {\n  inet_listener custom {\n  }\n}\n", "t.conf:3: inet_listener custom has no port");
    }

    @Test
    void badBoolean() {
        assertError("ssl = no\nauth_allow_cleartext = maybe\n", "t.conf:2: invalid boolean 'maybe' for auth_allow_cleartext");
        assertError("ssl = no\nmail_plugins {\n  quota = perhaps\n}\n", "t.conf:3: invalid boolean 'perhaps' for quota");
        assertError("ssl = no\nnamespace inbox {\n  inbox = sure\n}\n", "t.conf:3: invalid boolean 'sure' for namespace_inbox");
    }

    @Test
    void badValuesOfOtherKinds() {
        assertError("ssl = no\nauth_failure_delay = soon\n", "t.conf:2: invalid time 'soon'");
        assertError("ssl = no\nprotocol pop3 {\n  pop3_login_delay = often\n}\n", "t.conf:3: invalid time 'often' for pop3_login_delay");
        assertError("ssl = no\nimap_max_line_length = 64q\n", "t.conf:2: invalid size '64q'");
        assertError("ssl = no\nmail_max_userip_connections = many\n", "t.conf:2: invalid number 'many'");
        assertError("ssl = no\nmail_fsync = sometimes\n", "t.conf:2: invalid mail_fsync 'sometimes'");
        assertError("ssl = no\nnamespace inbox {\n  separator = ::\n}\n", "t.conf:3: namespace separator must be one character");
        assertError("ssl = no\nnamespace inbox {\n  mailbox Sent {\n    auto = always\n  }\n}\n", "t.conf:4: invalid auto 'always'");
        assertError("ssl = no\nservice lmtp {\n  unix_listener lmtp {\n    mode = 0999\n  }\n}\n", "t.conf:4: invalid mode '0999'");
        assertError("ssl = no\nprotocol {\n}\n", "t.conf:2: protocol section needs a name");
    }

    @Test
    void unknownSslValue() {
        assertError("\nssl = sometimes\n", "t.conf:2: unknown ssl value 'sometimes' (use yes, no or required)");
    }

    @Test
    void unreadableCertificateIsReportedAtItsSetting(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "key");
        Path cert = dir.resolve("absent.pem");
        assertError("ssl = required\nssl_server_key_file = " + key + "\nssl_server_cert_file = " + cert + "\n",
                "t.conf:3: cannot read ssl_server_cert_file " + cert);
        assertError("ssl_server_cert_file = " + key + "\n\nssl_server_key_file = " + cert + "\n",
                "t.conf:3: cannot read ssl_server_key_file " + cert);
    }

    @Test
    void pathWithNulIsRefused() {
        assertError("ssl = yes\nssl_server_cert_file = \"/etc/a\u0000b\"\n", "t.conf:2: invalid path");
    }

    @Test
    void sslWithoutCertificateNamesTheMissingSetting() {
        assertThatThrownBy(() -> ConfigLoader.parse("hostname = x\n", "t.conf"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.where()).isNull();
                    assertThat(e.getMessage()).isEqualTo("ssl = yes (the default) needs ssl_server_cert_file (or set ssl = no)");
                });
        assertError("\nssl = required\n", "t.conf:2: ssl = required needs ssl_server_cert_file");
    }

    @Test
    void badTemplateInAPathSetting() {
        assertError("ssl = no\nmail_home = /srv/%{nosuch}\n", "t.conf:2: mail_home: unknown variable %{nosuch}");
        assertError("ssl = no\nprotocol lmtp {\n  mail_path = %{user | shout}\n}\n", "t.conf:3: mail_path: unknown filter 'shout'");
        assertError("ssl = no\npassdb passwd-file {\n  passwd_file_path = /etc/%{user | domian}/passwd\n}\n",
                "t.conf:3: passwd_file_path: unknown filter 'domian'");
        assertError("ssl = no\nsieve_script personal {\n  path = ~/%{x}\n}\n", "t.conf:3: sieve_script_path: unknown variable %{x}");
    }

    @Test
    void listSectionsTakeNoNameAndNoSubsections() {
        assertError("ssl = no\nmail_plugins x {\n}\n", "t.conf:2: 'mail_plugins' is a list and takes no name");
        assertError("ssl = no\nuserdb static {\n  fields {\n    inner {\n", "t.conf:4: section 'inner' is not allowed inside the list 'userdb_fields'");
    }

    @Test
    void unreadableMainFile(@TempDir Path dir) {
        Path missing = dir.resolve("dovecot.conf");
        assertThatThrownBy(() -> ConfigLoader.load(missing)).hasMessageStartingWith(missing + ": cannot read configuration");
    }
}

package org.colombier.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EmbeddedDefaultTest {
    @Test
    void embeddedDefaultListensOnLoopbackUnprivilegedPorts() throws Exception {
        ColombierConfig c = ConfigLoader.embeddedDefault();
        assertThat(c.embedded()).isTrue();
        assertThat(c.source()).isNull();
        assertThat(c.warnings()).isEmpty();
        assertThat(c.protocols()).containsExactly("imap", "pop3", "lmtp");
        assertThat(c.services()).flatExtracting(ServiceSettings::inetListeners)
                .extracting(InetListener::name, InetListener::port, InetListener::ssl, InetListener::addresses)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("imap", 1143, false, List.of("127.0.0.1")),
                        org.assertj.core.groups.Tuple.tuple("imaps", 1993, true, List.of("127.0.0.1")),
                        org.assertj.core.groups.Tuple.tuple("pop3", 1110, false, List.of("127.0.0.1")),
                        org.assertj.core.groups.Tuple.tuple("pop3s", 1995, true, List.of("127.0.0.1")),
                        org.assertj.core.groups.Tuple.tuple("lmtp", 2424, false, List.of("127.0.0.1")));
    }

    @Test
    void embeddedDefaultNeedsNoCertificateYet() throws Exception {
        ColombierConfig c = ConfigLoader.embeddedDefault();
        assertThat(c.ssl()).isEqualTo(new SslSettings(SslMode.YES, Path.of("./var/ssl/server.crt"), Path.of("./var/ssl/server.key"), "TLSv1.2"));
    }

    @Test
    void embeddedDefaultKeepsMailAndStateUnderVar() throws Exception {
        ColombierConfig c = ConfigLoader.embeddedDefault();
        assertThat(c.mail()).isEqualTo(new MailSettings("maildir", "~/Maildir", "./var/mail/%{user}", "optimized"));
        assertThat(c.setting("base_dir")).hasValue("./var/run");
        assertThat(c.setting("state_dir")).hasValue("./var/lib");
        assertThat(c.global().get("mail_home").where()).isEqualTo(new SourceLocation(ConfigLoader.EMBEDDED_NAME, 17));
        // users live in the embedded H2 database under ./var as well
        assertThat(c.passdbs()).singleElement().satisfies(d -> {
            assertThat(d.driver()).isEqualTo("sql");
            assertThat(d.get("sql_driver", "")).isEqualTo("h2");
            assertThat(d.get("h2_path", "")).isEqualTo("./var/lib/auth-users");
        });
        assertThat(c.userdbs()).singleElement().satisfies(d -> assertThat(d.driver()).isEqualTo("sql"));
    }

    @Test
    void embeddedDefaultHasTheSpecialUseMailboxes() throws Exception {
        NamespaceSettings inbox = ConfigLoader.embeddedDefault().namespaces().get(0);
        assertThat(inbox.name()).isEqualTo("inbox");
        assertThat(inbox.inbox()).isTrue();
        assertThat(inbox.separator()).isEqualTo('/');
        assertThat(inbox.mailboxes()).containsExactly(
                new MailboxSettings("Drafts", "\\Drafts", "subscribe"),
                new MailboxSettings("Junk", "\\Junk", "subscribe"),
                new MailboxSettings("Sent", "\\Sent", "subscribe"),
                new MailboxSettings("Trash", "\\Trash", "subscribe"));
    }

    @Test
    void knownSettingsExposeDefaults() {
        assertThat(ConfigLoader.defaults()).containsEntry("ssl", "yes").containsEntry("auth_allow_cleartext", "no")
                .containsEntry("auth_mechanisms", "plain").containsEntry("auth_failure_delay", "2s")
                .containsEntry("imap_max_line_length", "64k").containsEntry("mail_fsync", "optimized")
                .containsEntry("recipient_delimiter", "+").containsEntry("pop3_uidl_format", "%08Xu%08Xv")
                .containsEntry("listen", "*, ::");
        assertThat(KnownSettings.isKnown("passdb_sql_query")).isTrue();
        assertThat(KnownSettings.lookup("imap_max_line_length").get().kind()).isEqualTo(KnownSettings.Kind.SIZE);
    }
}

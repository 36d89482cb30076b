package org.colombier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.colombier.config.ColombierConfig;
import org.colombier.config.ConfigException;
import org.colombier.config.InetListener;
import org.colombier.config.ServiceSettings;
import org.colombier.config.SourceLocation;
import org.colombier.server.net.ListenerSpec;
import org.colombier.server.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Startup validation: every problem names the file and line of the setting at fault. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ServerPlanTest {
    private static final SourceLocation LINE_50 = new SourceLocation(TestConfig.FILE, 50);

    private static ColombierConfig withImapListeners(ColombierConfig config, InetListener... listeners) {
        return new ColombierConfig(config.source(), config.protocols(), config.listen(), config.ssl(), config.auth(),
                config.mail(), List.of(new ServiceSettings("imap-login", List.of(listeners), List.of())),
                config.passdbs(), config.userdbs(), config.namespaces(), config.global(), config.perProtocol(),
                config.warnings());
    }

    private static String problem(ColombierConfig config) {
        try {
            ServerPlan.prepare(config, ServerOptions.DEFAULTS);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a configuration error");
    }

    @Test
    void portsOutsideTheTcpRangeAreRejected() {
        ColombierConfig config = withImapListeners(TestConfig.noTls().build(),
                new InetListener("imap", List.of("127.0.0.1"), 70000, false, LINE_50));
        assertThat(problem(config)).isEqualTo("test.conf:50: inet_listener imap: port 70000 is not between 0 and 65535");
    }

    @Test
    void unresolvableListenAddressesAreRejected() {
        ColombierConfig config = withImapListeners(TestConfig.noTls().build(),
                new InetListener("imap", List.of("no-such-host.invalid"), 143, false, LINE_50));
        assertThat(problem(config)).isEqualTo(
                "test.conf:50: inet_listener imap: cannot resolve listen address 'no-such-host.invalid'");
    }

    @Test
    void anImplicitTlsListenerNeedsSsl() {
        ColombierConfig config = withImapListeners(TestConfig.noTls().build(),
                new InetListener("imaps", List.of("127.0.0.1"), 0, true, LINE_50));
        assertThat(problem(config)).isEqualTo("test.conf:50: inet_listener imaps has ssl = yes, but ssl = no globally");
    }

    @Test
    void listenerNamesMustBeUnique() {
        ColombierConfig config = withImapListeners(TestConfig.noTls().build(),
                new InetListener("imap", List.of("127.0.0.1"), 0, false, new SourceLocation(TestConfig.FILE, 20)),
                new InetListener("imap", List.of("127.0.0.1"), 0, false, LINE_50));
        assertThat(problem(config)).isEqualTo("test.conf:50: inet_listener imap is defined twice");
    }

    @Test
    void imapMaxLineLengthMustBeASaneSize() {
        assertThat(problem(TestConfig.noTls().setFor("imap", "imap_max_line_length", "12", 7).build()))
                .isEqualTo("test.conf:7: imap_max_line_length: '12' is not a size between 1k and 2G");
        assertThat(problem(TestConfig.noTls().set("imap_max_line_length", "lots", 8).build()))
                .startsWith("test.conf:8: invalid size 'lots'");
    }

    @Test
    void wildcardsAndBracketedIpv6AddressesResolveWithoutDnsAndWithoutColliding() throws Exception {
        ColombierConfig config = withImapListeners(TestConfig.noTls().build(),
                new InetListener("imap", List.of("*", "::"), 143, false, LINE_50),
                new InetListener("imap-v6", List.of("[::1]"), 143, false, LINE_50));
        List<ListenerSpec> listeners = ServerPlan.prepare(config, ServerOptions.DEFAULTS).listeners();
        // "::" takes IPv4 too on a dual-stack JVM, so "*" is not bound separately
        assertThat(listeners.get(0).addresses()).extracting(a -> a.getAddress().getHostAddress())
                .containsExactly("0:0:0:0:0:0:0:0");
        assertThat(listeners.get(1).addresses()).extracting(a -> a.getAddress().getHostAddress())
                .containsExactly("0:0:0:0:0:0:0:1");
    }
}

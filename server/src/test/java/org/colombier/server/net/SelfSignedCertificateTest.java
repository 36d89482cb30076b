package org.colombier.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.colombier.config.ConfigException;
import org.colombier.server.Server;
import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.TestConfig;
import org.colombier.server.testing.TestTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SelfSignedCertificateTest {
    @TempDir
    Path dir;

    @Test
    void theEmbeddedDefaultGeneratesItsCertificateOnFirstStartAndKeepsIt() throws Exception {
        Path cert = dir.resolve("var/ssl/server.crt");
        Path key = dir.resolve("var/ssl/server.key");
        try (Server server = Server.start(TestConfig.tlsAt(cert, key).embedded().build())) {
            assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            X509Certificate certificate = PemKeyMaterial.readChain(cert).get(0);
            assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=mx.test");
            assertThat(certificate.getSubjectAlternativeNames())
                    .contains(List.of(2, "localhost"), List.of(2, "mx.test"), List.of(7, "127.0.0.1"));
            try (LineClient client = LineClient.connect(server.port("imap"))) {
                client.readLine();
                client.send("a STARTTLS");
                assertThat(client.readLine()).isEqualTo("a OK Begin TLS negotiation now.");
                // hostname verification against the IP address the client dialled: the SAN must cover it
                SSLSocket tls = client.startTlsVerifying(TestTls.trusting(cert));
                assertThat(tls.getSession().getPeerCertificates()[0]).isEqualTo(certificate);
                client.send("b NOOP");
                assertThat(client.readLine()).isEqualTo("b OK NOOP completed.");
            }
        }
        byte[] first = Files.readAllBytes(cert);
        try (Server again = Server.start(TestConfig.tlsAt(cert, key).embedded().build())) {
            assertThat(Files.readAllBytes(cert)).isEqualTo(first);
            assertThat(again.port("imaps")).isPositive();
        }
    }

    @Test
    void aConfigFileNeverGetsAGeneratedCertificate() throws Exception {
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        assertThatThrownBy(() -> Server.start(TestConfig.tlsAt(cert, key).build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.conf:3: cannot read TLS certificate or key");
        assertThat(cert).doesNotExist();
        assertThat(key).doesNotExist();
    }
}

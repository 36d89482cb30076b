package org.colombier.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.colombier.config.ConfigException;
import org.colombier.server.Server;
import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.TestConfig;
import org.colombier.server.testing.TestTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PemKeyMaterialTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} key as {1}")
    @CsvSource({"RSA, TRADITIONAL", "RSA, PKCS8", "EC, TRADITIONAL", "EC, PKCS8"})
    void rsaAndEcKeysInEveryPemLayoutServeTls(String algorithm, TestTls.KeyFormat format) throws Exception {
        TestTls.CertFiles files = TestTls.write(dir, algorithm, format);
        String header = Files.readString(files.key()).lines().findFirst().orElseThrow();
        assertThat(header).isEqualTo(format == TestTls.KeyFormat.PKCS8 ? "-----BEGIN PRIVATE KEY-----"
                : "-----BEGIN " + algorithm + " PRIVATE KEY-----");
        try (Server server = Server.start(TestConfig.tls(files).build());
             LineClient client = LineClient.connectTls(server.port("imaps"), TestTls.trusting(files.cert()))) {
            assertThat(client.readLine()).startsWith("* OK [CAPABILITY IMAP4rev1 ");
        }
    }

    @Test
    void aCertificateChainIsReadLeafFirst() throws Exception {
        TestTls.CertFiles leaf = TestTls.write(dir, "EC", TestTls.KeyFormat.PKCS8);
        TestTls.CertFiles other = TestTls.write(Files.createDirectory(dir.resolve("ca")), "RSA", TestTls.KeyFormat.PKCS8);
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, Files.readString(leaf.cert()) + Files.readString(other.cert()));
        assertThat(PemKeyMaterial.readChain(chain)).hasSize(2);
        SSLContext context = PemKeyMaterial.serverContext(chain, leaf.key());
        assertThat(context.getProtocol()).isEqualTo("TLS");
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateStopsStartupWithTheSettingsLocation() throws Exception {
        TestTls.CertFiles ec = TestTls.write(dir, "EC", TestTls.KeyFormat.TRADITIONAL);
        Path otherDir = Files.createDirectory(dir.resolve("other"));
        TestTls.CertFiles otherEc = TestTls.write(otherDir, "EC", TestTls.KeyFormat.TRADITIONAL);
        assertThatThrownBy(() -> Server.start(TestConfig.tlsAt(ec.cert(), otherEc.key()).build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.conf:3: unusable TLS certificate or key: ")
                .hasMessageContaining("does not match");
    }

    @Test
    void missingOrGarbageFilesAreConfigErrors() throws Exception {
        TestTls.CertFiles files = TestTls.write(dir, "RSA", TestTls.KeyFormat.PKCS8);
        assertThatThrownBy(() -> Server.start(TestConfig.tlsAt(dir.resolve("nope.pem"), files.key()).build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.conf:3: cannot read TLS certificate or key: ")
                .hasMessageContaining("nope.pem");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "hello\n");
        assertThatThrownBy(() -> Server.start(TestConfig.tlsAt(files.cert(), garbage).build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no PEM private key found");
    }

    @Test
    void anUnknownMinimumProtocolIsAConfigError() throws Exception {
        TestTls.CertFiles files = TestTls.write(dir, "EC", TestTls.KeyFormat.PKCS8);
        assertThatThrownBy(() -> Server.start(TestConfig.tls(files).minProtocol("TLSv9").build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.conf:5: ssl_min_protocol: unknown protocol 'TLSv9'");
    }
}

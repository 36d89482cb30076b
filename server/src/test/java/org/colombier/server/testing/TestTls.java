package org.colombier.server.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.colombier.server.net.PemKeyMaterial;
import org.colombier.server.net.SelfSignedCertificate;

/** Test certificates in the PEM layouts admins have, and a client context that trusts them. */
public final class TestTls {
    public enum KeyFormat {
        /** "RSA PRIVATE KEY" or "EC PRIVATE KEY" (PKCS#1 / SEC1). */
        TRADITIONAL,
        /** "PRIVATE KEY". */
        PKCS8
    }

    public record CertFiles(Path cert, Path key) {
    }

    private TestTls() {
    }

    /** Keys from Bouncy Castle's provider: its EC keys encode their curve in SEC1 form, as openssl writes them. */
    public static KeyPair keyPair(String algorithm) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, new BouncyCastleProvider());
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    /** Writes a certificate for localhost/127.0.0.1 and its key into {@code dir}. */
    public static CertFiles write(Path dir, String algorithm, KeyFormat format) throws IOException, GeneralSecurityException {
        KeyPair pair = keyPair(algorithm);
        X509CertificateHolder certificate = SelfSignedCertificate.certify(pair, "localhost");
        Path cert = dir.resolve(algorithm.toLowerCase() + "-cert.pem");
        Path key = dir.resolve(algorithm.toLowerCase() + "-" + format.name().toLowerCase() + "-key.pem");
        Files.writeString(cert, pem(certificate));
        Files.writeString(key, pem(format == KeyFormat.PKCS8 ? new JcaPKCS8Generator(pair.getPrivate(), null) : pair.getPrivate()));
        return new CertFiles(cert, key);
    }

    public static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (Writer writer = out; JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            pem.writeObject(object);
        }
        return out.toString();
    }

    /** A client context trusting exactly the certificate in {@code certFile}. */
    public static SSLContext trusting(Path certFile, String... protocols) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = PemKeyMaterial.readChain(certFile);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", chain.get(0));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance(protocols.length == 0 ? "TLS" : protocols[0]);
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** The TLS client side of a plain socket whose STARTTLS (or STLS) the server has just accepted. */
    public static SSLSocket upgrade(Socket plain, SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(plain, "127.0.0.1", plain.getPort(), true);
        socket.setUseClientMode(true);
        socket.startHandshake();
        return socket;
    }
}

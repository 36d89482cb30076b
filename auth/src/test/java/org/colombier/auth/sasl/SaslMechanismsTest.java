package org.colombier.auth.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.auth.MasterLogins;
import org.colombier.auth.passwdfile.PasswdFilePassDbProvider;
import org.colombier.auth.scheme.ScramCredentials;
import org.colombier.auth.scheme.ScramHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The mechanisms against a real passwd-file passdb, with the RFCs' published exchanges. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SaslMechanismsTest {
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final AuthResult MISMATCH = new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH);

    @TempDir
    Path dir;
    private PassDb passDb;

    @BeforeEach
    void users() throws Exception {
        byte[] sha1Salt = Base64.getDecoder().decode("QSXCR+Q6sek8bf92");
        byte[] sha256Salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        Files.write(dir.resolve("users"), List.of(
                "user:{PLAIN}pencil",
                "tim:{PLAIN}tanstaaftanstaaf",
                "tom:{CRAM-MD5}cd3ba7deaad6e5ca23448ba42e379747a9e0f7f1fbc00c8a81bbaac395731b56",
                "hashed:{SHA512-CRYPT}$6$bpyTRoio0rEoR1VO$xaEbqwDr5JXJbvWjqrDBsfgV/dZOyBX5UdPr4JMNtqXD18HZnS28JvLdGGXV722fFsdggNsMehILLGt7gL.fx.",
                "scram1:{SCRAM-SHA-1}" + ScramCredentials.derive(ScramHash.SHA_1, "pencil", sha1Salt, 4096).format(),
                "scram256:{SCRAM-SHA-256}" + ScramCredentials.derive(ScramHash.SHA_256, "pencil", sha256Salt, 4096).format(),
                "dovecot256:{SCRAM-SHA-256}4096,kpNc+5Ca2/DyVUvcCBCVTQ==,jX7Jr4GLN407xSaBtjMI/KJsZoDvMJAT2jwIiDBTJF0=,5RsoWcI/oabe2xxZpNMduag71GvYJTflmfWfw80UiN8=",
                "a,b=c:{PLAIN}pencil",
                "blocked:{PLAIN}pencil:::::: nologin"), StandardCharsets.UTF_8);
        passDb = new PasswdFilePassDbProvider().create(new DriverSettings("passwd-file", "t",
                Map.of("passwd_file_path", dir.resolve("users").toString())));
    }

    @AfterEach
    void close() {
        passDb.close();
    }

    private SaslServer server(String mechanism, String nonce, String hostname) {
        AuthRequest request = new AuthRequest("", "imap", InetAddress.getLoopbackAddress(), InetAddress.getLoopbackAddress(), true);
        return SaslMechanisms.create(mechanism, new SaslContext(passDb, MasterLogins.NONE, request, hostname, false, () -> nonce)).orElseThrow();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(SaslStep step) {
        assertThat(step).isInstanceOf(SaslStep.Challenge.class);
        return new String(((SaslStep.Challenge) step).data(), StandardCharsets.UTF_8);
    }

    private static AuthResult result(SaslStep step) {
        assertThat(step).isInstanceOf(SaslStep.Done.class);
        return ((SaslStep.Done) step).result();
    }

    @Test
    void plainLogsInWithOrWithoutTheSameAuthzid() {
        assertThat(result(server("PLAIN", "", "").step(bytes("\0user\0pencil")))).isInstanceOf(AuthResult.Ok.class);
        assertThat(result(server("plain", "", "").step(bytes("user\0user\0pencil")))).isInstanceOf(AuthResult.Ok.class);
        assertThat(result(server("PLAIN", "", "").step(bytes("\0user\0pencils")))).isEqualTo(MISMATCH);
        assertThat(result(server("PLAIN", "", "").step(bytes("\0nobody\0pencil"))))
                .isEqualTo(new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER));
        assertThat(result(server("PLAIN", "", "").step(bytes("tim\0user\0pencil"))))
                .as("without master passdbs another authorization identity is refused")
                .isEqualTo(new AuthResult.Failed(AuthResult.Reason.DISABLED));
        assertThat(result(server("PLAIN", "", "").step(bytes("\0blocked\0pencil"))))
                .isEqualTo(new AuthResult.Failed(AuthResult.Reason.DISABLED));
    }

    @Test
    void plainWithoutInitialResponseAsksForIt() {
        SaslServer plain = server("PLAIN", "", "");
        assertThat(text(plain.step(null))).isEmpty();
        assertThat(result(plain.step(bytes("\0user\0pencil")))).isInstanceOf(AuthResult.Ok.class);
        assertThat(plain.step(bytes("\0user\0pencil"))).isInstanceOf(SaslStep.Malformed.class);
    }

    @Test
    void malformedPlainIsAProtocolError() {
        for (byte[] bad : List.of(bytes("user pencil"), bytes("\0user"), bytes("\0\0pencil"), bytes("\0user\0pen\0cil"),
                new byte[] {0, 'u', (byte) 0xC3, 0, 'p'}, new byte[0])) {
            assertThat(server("PLAIN", "", "").step(bad)).isInstanceOf(SaslStep.Malformed.class);
        }
    }

    @Test
    void loginAsksForUserThenPassword() {
        SaslServer login = server("LOGIN", "", "");
        assertThat(text(login.step(null))).isEqualTo("Username:");
        assertThat(text(login.step(bytes("user")))).isEqualTo("Password:");
        assertThat(result(login.step(bytes("pencil")))).isInstanceOf(AuthResult.Ok.class);

        SaslServer withInitial = server("LOGIN", "", "");
        assertThat(text(withInitial.step(bytes("user")))).isEqualTo("Password:");
        assertThat(result(withInitial.step(bytes("wrong")))).isEqualTo(MISMATCH);
    }

    @Test
    void cramMd5AnswersRfc2195sExample() {
        SaslServer cram = server("CRAM-MD5", "1896.697170952", "postoffice.reston.mci.net");
        assertThat(text(cram.step(null))).isEqualTo("<1896.697170952@postoffice.reston.mci.net>");
        AuthResult ok = result(cram.step(bytes("tim b913a602c7eda7a495b4e6e7334d3890")));
        assertThat(ok).isEqualTo(new AuthResult.Ok("tim", Map.of()));

        SaslServer wrong = server("CRAM-MD5", "1896.697170952", "postoffice.reston.mci.net");
        wrong.step(new byte[0]);
        assertThat(result(wrong.step(bytes("tim b913a602c7eda7a495b4e6e7334d3891")))).isEqualTo(MISMATCH);
    }

    @Test
    void cramMd5WorksWithDovecotsStoredContext() throws Exception {
        SaslServer cram = server("CRAM-MD5", "42.1", "mx.example.com");
        byte[] challenge = bytes(text(cram.step(null)));
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(bytes("secret"), "HmacMD5"));
        String answer = "tom " + HexFormat.of().formatHex(mac.doFinal(challenge));
        assertThat(result(cram.step(bytes(answer)))).isInstanceOf(AuthResult.Ok.class);
    }

    @Test
    void cramMd5RefusesHashesItCannotUseAndBadInput() {
        SaslServer hashed = server("CRAM-MD5", "1.2", "h");
        hashed.step(null);
        assertThat(result(hashed.step(bytes("hashed 00112233445566778899aabbccddeeff"))))
                .isEqualTo(new AuthResult.Failed(AuthResult.Reason.SCHEME_NOT_ALLOWED));
        SaslServer unknown = server("CRAM-MD5", "1.2", "h");
        unknown.step(null);
        assertThat(result(unknown.step(bytes("nobody 00112233445566778899aabbccddeeff"))))
                .isEqualTo(new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER));
        assertThat(server("CRAM-MD5", "1.2", "h").step(bytes("tim x"))).isInstanceOf(SaslStep.Malformed.class);
        SaslServer notHex = server("CRAM-MD5", "1.2", "h");
        notHex.step(null);
        assertThat(notHex.step(bytes("tim zz"))).isInstanceOf(SaslStep.Malformed.class);
    }

    @Test
    void scramSha1AcceptsTheRfcProofAndSendsTheRfcServerSignature() throws Exception {
        // "user" is stored in cleartext, so the salt is fresh: store the RFC's salt instead
        Files.writeString(dir.resolve("users"), "user:{SCRAM-SHA-1}" + ScramCredentials.derive(ScramHash.SHA_1, "pencil",
                Base64.getDecoder().decode("QSXCR+Q6sek8bf92"), 4096).format() + "\n");
        PassDb rfcDb = new PasswdFilePassDbProvider().create(new DriverSettings("passwd-file", "rfc",
                Map.of("passwd_file_path", dir.resolve("users").toString())));
        AuthRequest request = new AuthRequest("", "imap", null, null, true);
        SaslServer scram = SaslMechanisms.create("SCRAM-SHA-1",
                new SaslContext(rfcDb, MasterLogins.NONE, request, "", false, () -> "3rfcNHYJY1ZVvWVs7j")).orElseThrow();
        assertThat(text(scram.step(bytes("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"))))
                .isEqualTo("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
        SaslStep done = scram.step(bytes("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="));
        assertThat(result(done)).isEqualTo(new AuthResult.Ok("user", Map.of()));
        assertThat(new String(((SaslStep.Done) done).successData(), StandardCharsets.UTF_8)).isEqualTo("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
    }

    @Test
    void scramSha256FollowsRfc7677sExample() throws Exception {
        Files.writeString(dir.resolve("users"), "user:{SCRAM-SHA-256}" + ScramCredentials.derive(ScramHash.SHA_256, "pencil",
                Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096).format() + "\n");
        PassDb rfcDb = new PasswdFilePassDbProvider().create(new DriverSettings("passwd-file", "rfc",
                Map.of("passwd_file_path", dir.resolve("users").toString())));
        SaslServer scram = SaslMechanisms.create("SCRAM-SHA-256", new SaslContext(rfcDb, MasterLogins.NONE,
                new AuthRequest("", "imap", null, null, true), "", false, () -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0")).orElseThrow();
        assertThat(text(scram.step(bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"))))
                .isEqualTo("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        SaslStep done = scram.step(bytes("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));
        assertThat(result(done)).isInstanceOf(AuthResult.Ok.class);
        assertThat(new String(((SaslStep.Done) done).successData(), StandardCharsets.UTF_8))
                .isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    /** A SCRAM client, to run exchanges against credentials made elsewhere (doveadm, cleartext). */
    private static String clientFinal(ScramHash hash, String password, String clientFirstBare, String serverFirst) {
        Map<String, String> attrs = new HashMap<>();
        for (String a : serverFirst.split(",")) {
            attrs.put(a.substring(0, 1), a.substring(2));
        }
        byte[] salted = hash.saltedPassword(password, Base64.getDecoder().decode(attrs.get("s")), Integer.parseInt(attrs.get("i")));
        byte[] clientKey = hash.hmac(salted, "Client Key");
        String withoutProof = "c=biws,r=" + attrs.get("r");
        byte[] signature = hash.hmac(hash.hash(clientKey), clientFirstBare + "," + serverFirst + "," + withoutProof);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        return withoutProof + ",p=" + B64.encodeToString(proof);
    }

    @Test
    void scramWorksWithDovecotCredentialsAndCleartextPasswords() {
        for (String[] c : new String[][] {{"SCRAM-SHA-256", "dovecot256", "secret"}, {"SCRAM-SHA-1", "user", "pencil"},
                {"SCRAM-SHA-256", "a=2Cb=3Dc", "pencil"}}) {
            ScramHash hash = c[0].equals("SCRAM-SHA-1") ? ScramHash.SHA_1 : ScramHash.SHA_256;
            SaslServer scram = server(c[0], "srvnonce", "");
            String bare = "n=" + c[1] + ",r=clientnonce";
            String serverFirst = text(scram.step(bytes("n,," + bare)));
            SaslStep done = scram.step(bytes(clientFinal(hash, c[2], bare, serverFirst)));
            assertThat(result(done)).as(c[1]).isInstanceOf(AuthResult.Ok.class);
        }
    }

    @Test
    void scramRefusesWrongProofsTamperedNoncesAndChannelBinding() {
        SaslServer wrong = server("SCRAM-SHA-256", "s", "");
        String serverFirst = text(wrong.step(bytes("n,,n=scram256,r=c")));
        assertThat(result(wrong.step(bytes(clientFinal(ScramHash.SHA_256, "pencil!", "n=scram256,r=c", serverFirst))))).isEqualTo(MISMATCH);

        SaslServer tampered = server("SCRAM-SHA-256", "s", "");
        tampered.step(bytes("n,,n=scram256,r=c"));
        assertThat(tampered.step(bytes("c=biws,r=cX,p=AAAA"))).isInstanceOf(SaslStep.Malformed.class);

        assertThat(server("SCRAM-SHA-256", "s", "").step(bytes("p=tls-unique,,n=scram256,r=c"))).isInstanceOf(SaslStep.Malformed.class);
        assertThat(server("SCRAM-SHA-256", "s", "").step(bytes("n,,n=bad=2Xname,r=c"))).isInstanceOf(SaslStep.Malformed.class);
        assertThat(server("SCRAM-SHA-256", "s", "").step(bytes("n,,r=c"))).isInstanceOf(SaslStep.Malformed.class);
        assertThat(result(server("SCRAM-SHA-256", "s", "").step(bytes("n,a=tim,n=scram256,r=c"))))
                .isEqualTo(new AuthResult.Failed(AuthResult.Reason.DISABLED));
        assertThat(result(server("SCRAM-SHA-256", "s", "").step(bytes("n,,n=hashed,r=c"))))
                .isEqualTo(new AuthResult.Failed(AuthResult.Reason.SCHEME_NOT_ALLOWED));
        assertThat(result(server("SCRAM-SHA-1", "s", "").step(bytes("n,,n=scram256,r=c"))))
                .as("SCRAM-SHA-256 credentials cannot serve SCRAM-SHA-1")
                .isEqualTo(new AuthResult.Failed(AuthResult.Reason.SCHEME_NOT_ALLOWED));
        assertThat(SaslMechanisms.create("DIGEST-MD5", new SaslContext(passDb, MasterLogins.NONE, null, "", false, () -> ""))).isEmpty();
    }
}

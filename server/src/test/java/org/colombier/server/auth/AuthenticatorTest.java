package org.colombier.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.UserDb;
import org.colombier.api.auth.UserLookup;
import org.colombier.api.auth.UserRecord;
import org.colombier.auth.sasl.SaslServer;
import org.colombier.auth.sasl.SaslStep;
import org.colombier.config.AuthCacheSettings;
import org.colombier.config.AuthSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class AuthenticatorTest {
    /** A passdb of one user with a plaintext password; records which users it was asked about. */
    private static final class OneUser implements PassDb {
        final String user;
        final String password;
        final List<String> asked = new ArrayList<>();
        volatile Thread thread;

        OneUser(String user, String password) {
            this.user = user;
            this.password = password;
        }

        @Override
        public AuthResult verifyPlain(AuthRequest request, String given) {
            asked.add(request.user());
            thread = Thread.currentThread();
            if (!request.user().equals(user)) {
                return new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER);
            }
            return given.equals(password) ? new AuthResult.Ok(user, Map.of("userdb_mail_path", "/from/passdb"))
                    : new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH);
        }
    }

    private static final UserDb HOMES = new UserDb() {
        @Override
        public UserLookup lookup(String user) {
            return new UserLookup.Found(new UserRecord(user, "/home/" + user, OptionalInt.empty(), OptionalInt.empty(),
                    Map.of()));
        }
    };

    private static AuthSettings settings(Duration delay, String... mechanisms) {
        return new AuthSettings(false, List.of(mechanisms), false, delay);
    }

    private static AuthRequest request(String user, String ip) throws Exception {
        return new AuthRequest(user, "imap", InetAddress.getByName(ip), InetAddress.getByName("127.0.0.1"), true);
    }

    @Test
    void theNextPassdbIsAskedUntilOneSucceedsAsWithDovecotsDefaultRules() throws Exception {
        OneUser first = new OneUser("alice", "a");
        OneUser second = new OneUser("bob", "b");
        try (Authenticator auth = new Authenticator(List.of(first, second), List.of(HOMES), settings(Duration.ZERO, "plain"), "h")) {
            LoginResult bob = auth.verifyPlain(request("bob", "192.0.2.1"), "b").get(5, TimeUnit.SECONDS);
            assertThat(bob).isInstanceOf(LoginResult.Success.class);
            LoginResult.Success ok = (LoginResult.Success) bob;
            assertThat(ok.user().home()).isEqualTo("/home/bob");
            assertThat(ok.user().fields()).containsEntry("mail_path", "/from/passdb");
            assertThat(auth.verifyPlain(request("alice", "192.0.2.1"), "wrong").get(5, TimeUnit.SECONDS))
                    .isInstanceOf(LoginResult.Failure.class);
            assertThat(auth.verifyPlain(request("alice", "192.0.2.1"), "a").get(5, TimeUnit.SECONDS))
                    .isInstanceOf(LoginResult.Success.class);
            // result_failure = continue: a wrong password goes on down the chain; a success stops it
            assertThat(second.asked).containsExactly("bob", "alice");
            assertThat(first.thread).as("lookups run off the caller's thread").isNotSameAs(Thread.currentThread());
        }
    }

    @Test
    void aLoginStormWaitsItsTurnInsteadOfBeingRefused() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        PassDb slow = new PassDb() {
            @Override
            public AuthResult verifyPlain(AuthRequest request, String given) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new AuthResult.Ok(request.user(), Map.of());
            }
        };
        try (Authenticator auth = new Authenticator(List.of(slow), List.of(HOMES), settings(Duration.ZERO, "plain"), "h")) {
            List<CompletableFuture<LoginResult>> logins = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                logins.add(auth.verifyPlain(request("user" + i, "192.0.2.9"), "p"));
            }
            gate.countDown();
            for (CompletableFuture<LoginResult> login : logins) {
                assertThat(login.get(20, TimeUnit.SECONDS)).isInstanceOf(LoginResult.Success.class);
            }
        }
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameAnswer() throws Exception {
        try (Authenticator auth = new Authenticator(List.of(new OneUser("alice", "a")), List.of(HOMES),
                settings(Duration.ZERO, "plain"), "h")) {
            LoginResult unknown = auth.verifyPlain(request("nobody", "192.0.2.2"), "x").get(5, TimeUnit.SECONDS);
            LoginResult wrong = auth.verifyPlain(request("alice", "192.0.2.2"), "x").get(5, TimeUnit.SECONDS);
            assertThat(unknown).isEqualTo(wrong).isEqualTo(new LoginResult.Failure());
        }
    }

    @Test
    void failuresFromOneAddressAreAnsweredLaterAndLaterUntilASuccess() throws Exception {
        try (Authenticator auth = new Authenticator(List.of(new OneUser("alice", "a")), List.of(HOMES),
                settings(Duration.ofMillis(200), "plain"), "h")) {
            long t0 = System.nanoTime();
            auth.verifyPlain(request("alice", "192.0.2.3"), "x").get(5, TimeUnit.SECONDS);
            long first = System.nanoTime() - t0;
            t0 = System.nanoTime();
            auth.verifyPlain(request("alice", "192.0.2.3"), "x").get(5, TimeUnit.SECONDS);
            long second = System.nanoTime() - t0;
            assertThat(Duration.ofNanos(first)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
            assertThat(Duration.ofNanos(second)).isGreaterThanOrEqualTo(Duration.ofMillis(390));
            t0 = System.nanoTime();
            auth.verifyPlain(request("alice", "192.0.2.4"), "x").get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("another address starts at the base delay")
                    .isLessThan(Duration.ofMillis(390));
            assertThat(auth.verifyPlain(request("alice", "192.0.2.3"), "a").get(5, TimeUnit.SECONDS))
                    .isInstanceOf(LoginResult.Success.class);
            t0 = System.nanoTime();
            auth.verifyPlain(request("alice", "192.0.2.3"), "x").get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("reset by the success").isLessThan(Duration.ofMillis(390));
        }
    }

    @Test
    void thePenaltyStopsGrowingAtFifteenSeconds() {
        LoginPenalty penalty = new LoginPenalty(Duration.ofSeconds(2));
        InetAddress ip = InetAddress.getLoopbackAddress();
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            delays.add(penalty.failed(ip));
        }
        assertThat(delays).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(15));
    }

    @Test
    void plaintextMechanismsAreOfferedOnlyWhereCleartextIsAllowed() {
        try (Authenticator auth = new Authenticator(List.of(), List.of(), settings(Duration.ZERO, "plain", "login",
                "scram-sha-256", "gssapi"), "h")) {
            assertThat(auth.mechanisms(true)).containsExactly("PLAIN", "LOGIN", "SCRAM-SHA-256");
            assertThat(auth.mechanisms(false)).containsExactly("SCRAM-SHA-256");
            assertThat(auth.sasl("PLAIN", new AuthRequest("", "imap", null, null, false), false)).isEmpty();
        }
    }

    @Test
    void saslPlainRunsThroughTheChainAndTheUserdb() throws Exception {
        try (Authenticator auth = new Authenticator(List.of(new OneUser("alice", "a")), List.of(HOMES),
                settings(Duration.ZERO, "plain"), "h")) {
            AuthRequest request = request("", "192.0.2.5");
            Optional<SaslServer> server = auth.sasl("plain", request, true);
            assertThat(server).isPresent();
            SaslStep step = auth.step(server.get(), "\0alice\0a".getBytes()).get(5, TimeUnit.SECONDS);
            LoginResult result = auth.finish(request, step).get(5, TimeUnit.SECONDS);
            assertThat(result).isInstanceOf(LoginResult.Success.class);
            assertThat(((LoginResult.Success) result).user().user()).isEqualTo("alice");
        }
    }

    @Test
    void aReloadOfTheSameDatabasesKeepsTheCacheAndOfOtherOnesStartsEmpty(@TempDir Path dir) throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}a::::/home/alice::\n");
        List<DriverSettings> passdbs = List.of(new DriverSettings("passwd-file", "users", Map.of("passwd_file_path", users.toString())));
        AuthSettings cached = new AuthSettings(false, List.of("plain"), false, Duration.ZERO,
                new AuthCacheSettings(1 << 20, Duration.ofHours(1), Duration.ofHours(1)));
        try (Authenticator first = Authenticator.create(passdbs, passdbs, cached, "h")) {
            assertThat(first.verifyPlain(request("alice", "192.0.2.1"), "a").get(5, TimeUnit.SECONDS))
                    .isInstanceOf(LoginResult.Success.class);
            try (Authenticator same = Authenticator.create(passdbs, passdbs, cached, "h", first)) {
                assertThat(same.verifyPlain(request("alice", "192.0.2.1"), "a").get(5, TimeUnit.SECONDS))
                        .isInstanceOf(LoginResult.Success.class);
                assertThat(same.cacheHits()).as("passdb and userdb answered from the kept cache").isEqualTo(2);
                Path other = Files.writeString(dir.resolve("other"), "alice:{PLAIN}a::::/home/alice::\n");
                List<DriverSettings> changed = List.of(new DriverSettings("passwd-file", "users",
                        Map.of("passwd_file_path", other.toString())));
                try (Authenticator next = Authenticator.create(changed, changed, cached, "h", same)) {
                    assertThat(next.flushCache(List.of())).as("a new passdb: an empty cache").isZero();
                    assertThat(next.cacheHits()).as("the counts go on").isEqualTo(2);
                    assertThat(same.flushCache(List.of("alice"))).isEqualTo(2);
                }
            }
        }
    }
}

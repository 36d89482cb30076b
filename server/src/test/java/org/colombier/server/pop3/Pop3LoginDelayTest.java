package org.colombier.server.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** RFC 2449 LOGIN-DELAY ({@code pop3_login_delay}) over raw sockets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Pop3LoginDelayTest {
    private static final String REFUSED = "-ERR [LOGIN-DELAY] ";

    @TempDir
    Path dir;
    private Pop3Fixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Pop3Fixture start(String delay) throws Exception {
        fixture = new Pop3Fixture(dir).mechanisms("plain", "apop");
        if (delay != null) {
            fixture.pop3Setting("pop3_login_delay", delay);
        }
        fixture.deliver("alice", Pop3Fixture.message(1));
        fixture.start();
        return fixture;
    }

    private static String userPass(Pop3Wire c, String user, String password) throws Exception {
        assertThat(c.command("USER " + user)).isEqualTo("+OK");
        return c.command("PASS " + password);
    }

    /** Logs in and out again; the login is what starts the user's delay. */
    private static void loginAndQuit(Pop3Fixture f, String user) throws Exception {
        try (Pop3Wire c = f.connect()) {
            c.expectOk();
            assertThat(userPass(c, user, Pop3Fixture.PASSWORD)).isEqualTo("+OK Logged in.");
            assertThat(c.command("QUIT")).isEqualTo("+OK Logging out.");
        }
    }

    @Test
    void loginDelayIsAdvertisedBeforeAndAfterLoginWithTheResponseCodes() throws Exception {
        Pop3Fixture f = start("90s");
        try (Pop3Wire c = f.connect()) {
            c.expectOk();
            assertThat(c.command("CAPA")).isEqualTo("+OK Capability list follows");
            assertThat(c.readLines()).containsExactly("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE",
                    "LOGIN-DELAY 90", "USER", "SASL PLAIN", "IMPLEMENTATION Colombier");
            assertThat(userPass(c, "alice", Pop3Fixture.PASSWORD)).isEqualTo("+OK Logged in.");
            assertThat(c.command("CAPA")).isEqualTo("+OK Capability list follows");
            assertThat(c.readLines()).containsExactly("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE",
                    "LOGIN-DELAY 90", "IMPLEMENTATION Colombier");
        }
    }

    @Test
    void noLoginDelayIsAdvertisedOrEnforcedWhenTheSettingIsZero() throws Exception {
        Pop3Fixture f = start("0");
        loginAndQuit(f, "alice");
        try (Pop3Wire c = f.connect()) {
            c.expectOk();
            assertThat(c.command("CAPA")).isEqualTo("+OK Capability list follows");
            assertThat(c.readLines()).noneMatch(line -> line.startsWith("LOGIN-DELAY"))
                    .contains("RESP-CODES", "AUTH-RESP-CODE");
            assertThat(userPass(c, "alice", Pop3Fixture.PASSWORD)).isEqualTo("+OK Logged in.");
            assertThat(c.command("CAPA")).isEqualTo("+OK Capability list follows");
            assertThat(c.readLines()).noneMatch(line -> line.startsWith("LOGIN-DELAY"));
        }
    }

    @Test
    void theDefaultIsNoLoginDelay() throws Exception {
        Pop3Fixture f = start(null);
        loginAndQuit(f, "alice");
        try (Pop3Wire c = f.connect()) {
            c.expectOk();
            assertThat(c.command("CAPA")).isEqualTo("+OK Capability list follows");
            assertThat(c.readLines()).noneMatch(line -> line.startsWith("LOGIN-DELAY"));
            assertThat(userPass(c, "alice", Pop3Fixture.PASSWORD)).isEqualTo("+OK Logged in.");
        }
    }

    @Test
    void aSecondLoginWithinTheDelayIsRefusedOnlyForValidCredentialsAndTheClientCanStillQuit() throws Exception {
        Pop3Fixture f = start("1 min");
        loginAndQuit(f, "alice");
        try (Pop3Wire c = f.connect()) {
            Matcher greeting = Pattern.compile("\\+OK Colombier ready\\. (<[^>]+>)").matcher(c.readLine());
            assertThat(greeting.matches()).isTrue();
            // a wrong password never learns about the delay
            assertThat(userPass(c, "alice", "wrong")).isEqualTo("-ERR [AUTH] Authentication failed.");
            assertThat(userPass(c, "alice", Pop3Fixture.PASSWORD)).startsWith(REFUSED);
            // still AUTHORIZATION: transaction commands are refused, USER is offered again
            assertThat(c.command("STAT")).startsWith("-ERR");
            assertThat(c.command("CAPA")).isEqualTo("+OK Capability list follows");
            assertThat(c.readLines()).contains("USER", "LOGIN-DELAY 60");
            String digest = HexFormat.of().formatHex(Apop.digest(greeting.group(1), Pop3Fixture.PASSWORD.getBytes()));
            assertThat(c.command("APOP alice " + "0".repeat(32))).isEqualTo("-ERR [AUTH] Authentication failed.");
            assertThat(c.command("APOP alice " + digest)).startsWith(REFUSED);
            String plain = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
            String wrong = Base64.getEncoder().encodeToString("\0alice\0wrong".getBytes(StandardCharsets.UTF_8));
            assertThat(c.command("AUTH PLAIN " + wrong)).isEqualTo("-ERR [AUTH] Authentication failed.");
            assertThat(c.command("AUTH PLAIN " + plain)).startsWith(REFUSED);
            assertThat(c.command("QUIT")).isEqualTo("+OK Logging out.");
            assertThat(c.readLine()).isNull();
        }
        // the delay is per user
        loginAndQuit(f, "bob");
    }

    @Test
    void aLoginAfterTheDelayIsAccepted() throws Exception {
        Pop3Fixture f = start("2s");
        loginAndQuit(f, "alice");
        long firstLogin = System.nanoTime();
        try (Pop3Wire c = f.connect()) {
            c.expectOk();
            assertThat(userPass(c, "alice", Pop3Fixture.PASSWORD)).startsWith(REFUSED);
            // the refused attempt does not restart the delay, which ran from the first login
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstLogin);
            Thread.sleep(Math.max(0, 2100 - waited));
            assertThat(userPass(c, "alice", Pop3Fixture.PASSWORD)).isEqualTo("+OK Logged in.");
            assertThat(c.command("STAT")).startsWith("+OK 1 ");
        }
    }
}

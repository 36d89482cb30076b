package org.colombier.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.colombier.config.ConfigException;
import org.colombier.server.testing.ImapServerFixture;
import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.TestConfig;
import org.colombier.server.testing.TestTls;
import org.colombier.server.testing.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The doveadm HTTP API of a running server, over real sockets, with the JDK's HTTP client and curl. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DoveadmHttpApiTest {
    private static final String KEY = "s3cret-key";
    private static final String PASSWORD = "adm1n";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private ImapServerFixture fixture;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private ImapServerFixture start(TestConfig config) throws Exception {
        fixture = ImapServerFixture.start(dir, config.set("base_dir", dir.resolve("run").toString(), 60));
        return fixture;
    }

    private ImapServerFixture startWithApi() throws Exception {
        return start(TestConfig.noTls().doveadmHttp("127.0.0.1", false)
                .set("doveadm_api_key", KEY, 61).set("doveadm_password", PASSWORD, 62));
    }

    private URI uri() {
        InetSocketAddress address = fixture.server().doveadmHttpAddresses().get(0);
        return URI.create("http://127.0.0.1:" + address.getPort() + "/doveadm/v1");
    }

    private static String apiKey(String key) {
        return "X-Dovecot-API " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts with the API key and expects 200; answers the parsed JSON. */
    private JsonNode run(String body) throws Exception {
        HttpResponse<String> response = post(apiKey(KEY), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return JSON.readTree(response.body());
    }

    @Test
    void whoListsAnOpenImapSession() throws Exception {
        startWithApi();
        try (LineClient alice = fixture.login("alice")) {
            JsonNode answer = run("[[\"who\", {}, \"t1\"]]");
            assertThat(answer.size()).isEqualTo(1);
            assertThat(answer.get(0).get(0).asText()).isEqualTo("doveadmResponse");
            assertThat(answer.get(0).get(2).asText()).isEqualTo("t1");
            JsonNode rows = answer.get(0).get(1);
            assertThat(rows.size()).isEqualTo(1);
            assertThat(rows.get(0).get("username").asText()).isEqualTo("alice");
            assertThat(rows.get(0).get("service").asText()).isEqualTo("imap");
            assertThat(rows.get(0).get("connections").asText()).isEqualTo("1");
            assertThat(rows.get(0).get("ips").asText()).isEqualTo("(127.0.0.1)");

            JsonNode perConnection = run("[[\"who\", {\"separateConnections\": true, \"mask\": [\"al*\"]}, \"t2\"]]")
                    .get(0).get(1);
            assertThat(perConnection.size()).isEqualTo(1);
            assertThat(perConnection.get(0).get("username").asText()).isEqualTo("alice");
            assertThat(perConnection.get(0).get("ip").asText()).isEqualTo("127.0.0.1");
            assertThat(run("[[\"who\", {\"mask\": \"bob\"}, \"t3\"]]").get(0).get(1).size()).isZero();
        }
    }

    @Test
    void kickDropsTheSessionAndAnswersTheUsersKicked() throws Exception {
        startWithApi();
        try (LineClient alice = fixture.login("alice")) {
            JsonNode answer = run("[[\"kick\", {\"mask\": \"alice\"}, \"k1\"]]");
            assertThat(answer.toString()).isEqualTo("[[\"doveadmResponse\",[{\"username\":\"alice\"}],\"k1\"]]");
            assertThat(alice.readLine()).startsWith("* BYE");
            assertThat(alice.readLine()).isNull();
            JsonNode none = run("[[\"kick\", {\"mask\": \"alice\"}, \"k2\"]]").get(0);
            assertThat(none.get(0).asText()).isEqualTo("error");
            assertThat(none.get(1).get("type").asText()).isEqualTo("exitCode");
            assertThat(none.get(1).get("exitCode").asInt()).isEqualTo(68);
            assertThat(none.get(2).asText()).isEqualTo("k2");
        }
    }

    @Test
    void commandsRunInOrderEachWithItsTag() throws Exception {
        startWithApi();
        JsonNode answer = run("[[\"statsDump\", {}, \"a\"], [\"noSuchCommand\", {}, \"b\"], "
                + "[\"logErrors\", {\"since\": 0}, \"c\"], [\"reload\", {}, \"d\"]]");
        assertThat(answer.size()).isEqualTo(4);
        assertThat(answer.get(0).get(0).asText()).isEqualTo("doveadmResponse");
        assertThat(answer.get(0).get(1).toString()).contains("\"metric_name\"");
        assertThat(answer.get(1).get(0).asText()).isEqualTo("error");
        assertThat(answer.get(2).get(0).asText()).isEqualTo("doveadmResponse");
        // test.conf does not exist on disk: the reload is refused and the running configuration kept
        assertThat(answer.get(3).get(0).asText()).isEqualTo("error");
        assertThat(answer.get(3).get(1).get("exitCode").asInt()).isEqualTo(1);
        assertThat(answer.get(3).get(1).get("message").asText()).startsWith("reload refused");
        assertThat(answer.get(3).get(2).asText()).isEqualTo("d");
    }

    @Test
    void authCacheFlushAnswersHowManyEntriesWent() throws Exception {
        startWithApi();
        JsonNode answer = run("[[\"authCacheFlush\", {\"user\": [\"alice\"]}, \"f\"]]");
        assertThat(answer.toString()).isEqualTo("[[\"doveadmResponse\",[{\"flushed\":\"0\"}],\"f\"]]");
    }

    @Test
    void unknownCommandIsAnErrorEntryWithExitCode64() throws Exception {
        startWithApi();
        JsonNode entry = run("[[\"mailboxFrobnicate\", {\"user\": \"alice\"}, \"u1\"]]").get(0);
        assertThat(entry.get(0).asText()).isEqualTo("error");
        assertThat(entry.get(1).get("type").asText()).isEqualTo("unknownMethod");
        assertThat(entry.get(1).get("exitCode").asInt()).isEqualTo(64);
        assertThat(entry.get(2).asText()).isEqualTo("u1");
        // Names are case sensitive and camelCase, as in Dovecot.
        assertThat(run("[[\"stats dump\", {}, \"u2\"]]").get(0).get(1).get("type").asText()).isEqualTo("unknownMethod");
    }

    @Test
    void unknownParameterOrBadValueIsAnInvalidRequestEntry() throws Exception {
        startWithApi();
        JsonNode unknown = run("[[\"who\", {\"socketPath\": \"/tmp/x\"}, \"p1\"]]").get(0);
        assertThat(unknown.get(1).get("type").asText()).isEqualTo("invalidRequest");
        assertThat(unknown.get(1).get("exitCode").asInt()).isEqualTo(64);
        assertThat(unknown.get(1).get("message").asText()).contains("socketPath");
        JsonNode badBool = run("[[\"who\", {\"separateConnections\": \"maybe\"}, \"p2\"]]").get(0);
        assertThat(badBool.get(1).get("type").asText()).isEqualTo("invalidRequest");
        JsonNode badInt = run("[[\"logErrors\", {\"since\": \"yesterday\"}, \"p3\"]]").get(0);
        assertThat(badInt.get(1).get("type").asText()).isEqualTo("invalidRequest");
        JsonNode noMask = run("[[\"kick\", {}, \"p4\"]]").get(0);
        assertThat(noMask.get(1).get("exitCode").asInt()).isEqualTo(64);
    }

    @Test
    void wrongOrMissingCredentialsAre401() throws Exception {
        startWithApi();
        String body = "[[\"who\", {}, \"t\"]]";
        HttpResponse<String> missing = post(null, body);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().allValues("WWW-Authenticate")).containsExactlyInAnyOrder("X-Dovecot-API",
                "Basic realm=\"doveadm\"");
        assertThat(post(apiKey("wrong"), body).statusCode()).isEqualTo(401);
        assertThat(post("X-Dovecot-API not-base64!", body).statusCode()).isEqualTo(401);
        assertThat(post("Bearer " + KEY, body).statusCode()).isEqualTo(401);
        assertThat(post(basic("doveadm", "wrong"), body).statusCode()).isEqualTo(401);
        assertThat(post(basic("alice", PASSWORD), body).statusCode()).isEqualTo(401);
        assertThat(post(basic("doveadm", PASSWORD), body).statusCode()).isEqualTo(200);
        assertThat(post(apiKey(KEY), body).statusCode()).isEqualTo(200);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(401);
    }

    @Test
    void basicAuthIsRefusedWhenNoPasswordIsSet() throws Exception {
        start(TestConfig.noTls().doveadmHttp("127.0.0.1", false).set("doveadm_api_key", KEY, 61));
        HttpResponse<String> response = post(basic("doveadm", ""), "[]");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("X-Dovecot-API");
        assertThat(run("[]").toString()).isEqualTo("[]");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void badJsonIs400WithTheReason() throws Exception {
        startWithApi();
        HttpResponse<String> broken = post(apiKey(KEY), "[[\"who\", {}, \"t\"]");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).startsWith("JSON parse error");
        assertThat(post(apiKey(KEY), "{\"who\": 1}").body()).isEqualTo("Request must be a JSON array\n");
        assertThat(post(apiKey(KEY), "").statusCode()).isEqualTo(400);
        assertThat(post(apiKey(KEY), "[\"who\"]").body()).isEqualTo("Command must be a JSON array\n");
        assertThat(post(apiKey(KEY), "[[1, {}, \"t\"]]").body()).isEqualTo("Command name must be a string\n");
        assertThat(post(apiKey(KEY), "[[\"who\", [], \"t\"]]").body())
                .isEqualTo("Parameters must be contained in a JSON object\n");
        assertThat(post(apiKey(KEY), "[[\"who\", {}]]").body()).isEqualTo("Command ID must be a string\n");
        assertThat(post(apiKey(KEY), "[[\"who\", {}, \"t\", 4]]").statusCode()).isEqualTo(400);
        assertThat(post(apiKey(KEY), "[[\"who\", {\"mask\": \"a\", \"mask\": \"b\"}, \"t\"]]").statusCode()).isEqualTo(400);
        assertThat(post(apiKey(KEY), "[] []").statusCode()).isEqualTo(400);
        assertThat(post(apiKey(KEY), "[".repeat(1000) + "]".repeat(1000)).statusCode()).isEqualTo(400);
        // a malformed request runs nothing, even the well-formed commands before the fault
        assertThat(post(apiKey(KEY), "[[\"stop\", {}, \"s\"], 5]").statusCode()).isEqualTo(400);
        assertThat(run("[[\"who\", {}, \"still-running\"]]").get(0).get(0).asText()).isEqualTo("doveadmResponse");
    }

    @Test
    void bodyTooLargeIs413() throws Exception {
        startWithApi();
        String padding = " ".repeat(DoveadmHttpServer.MAX_BODY);
        HttpResponse<String> response = post(apiKey(KEY), "[[\"who\", {}, \"t\"]]" + padding);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(run("[[\"who\", {}, \"after\"]]").get(0).get(2).asText()).isEqualTo("after");
    }

    @Test
    void aStalledRequestIsCutAfterTheRequestTimeoutWhileOthersAreServed() throws Exception {
        startWithApi();
        try (Socket stalled = new Socket()) {
            stalled.connect(new InetSocketAddress("127.0.0.1", uri().getPort()), 5000);
            stalled.setSoTimeout(20_000);
            stalled.getOutputStream().write(("POST /doveadm/v1 HTTP/1.1\r\nHost: x\r\nAuthorization: " + apiKey(KEY)
                    + "\r\nContent-Length: 100\r\n\r\n[[\"who\"").getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            assertThat(run("[[\"who\", {}, \"meanwhile\"]]").get(0).get(2).asText()).isEqualTo("meanwhile");
            long start = System.nanoTime();
            // the server closes the connection without an answer: end of stream (or a reset)
            int read;
            try {
                read = stalled.getInputStream().read();
            } catch (java.net.SocketException reset) {
                read = -1;
            }
            assertThat(read).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void getListsTheCommandsWithTheirParameters() throws Exception {
        startWithApi();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri()).header("Authorization", apiKey(KEY)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = JSON.readTree(response.body());
        assertThat(list.findValuesAsText("command")).contains("who", "kick", "reload", "stop", "statsDump", "logErrors");
        JsonNode who = null;
        for (JsonNode command : list) {
            if (command.get("command").asText().equals("who")) {
                who = command;
            }
        }
        assertThat(who.get("parameters").toString())
                .isEqualTo("[{\"name\":\"separateConnections\",\"type\":\"boolean\"},{\"name\":\"mask\",\"type\":\"array\"}]");
    }

    @Test
    void otherPathsAre404AndOtherMethods405() throws Exception {
        startWithApi();
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(uri().resolve("/doveadm/v2"))
                .header("Authorization", apiKey(KEY)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(uri()).header("Authorization", apiKey(KEY))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Allow")).hasValue("GET, POST");
    }

    @Test
    void stopOverHttpAnswersThenStopsTheServer() throws Exception {
        startWithApi();
        assertThat(run("[[\"stop\", {}, \"bye\"]]").toString()).isEqualTo("[[\"doveadmResponse\",[],\"bye\"]]");
        fixture.server().awaitStop();
        assertThat(fixture.server().doveadmHttpAddresses()).isNotEmpty();
    }

    @Test
    void listenerIsOffWhenNotConfigured() throws Exception {
        start(TestConfig.noTls().set("doveadm_api_key", KEY, 61));
        assertThat(fixture.server().doveadmHttpAddresses()).isEmpty();
        assertThat(fixture.server().adminSocket()).isNotNull();
    }

    @Test
    void listenerWithoutKeyOrPasswordStopsStartupWithFileAndLine() {
        assertThatThrownBy(() -> start(TestConfig.noTls().doveadmHttp("127.0.0.1", false)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.conf:50: inet_listener http of service doveadm needs doveadm_api_key");
        assertThatThrownBy(() -> start(TestConfig.noTls().doveadmHttp("0.0.0.0", false).set("doveadm_api_key", KEY, 61)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("without ssl = yes");
    }

    @Test
    void curlRunsACommandWithBasicAuth() throws Exception {
        assumeTrue(Tools.onPath("curl"), "curl is not installed; skipping the curl client test");
        startWithApi();
        Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "10", "-u", "doveadm:" + PASSWORD,
                "-H", "Content-Type: application/json", "-d", "[[\"who\",{},\"c1\"]]", uri().toString())
                .redirectErrorStream(true).start();
        assertThat(curl.waitFor(15, TimeUnit.SECONDS)).isTrue();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo("[[\"doveadmResponse\",[],\"c1\"]]");
        Process denied = new ProcessBuilder("curl", "-sS", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}",
                "-H", "Authorization: " + apiKey("nope"), uri().toString()).redirectErrorStream(true).start();
        assertThat(denied.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(denied.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("401");
    }

    @Test
    void httpsListenerServesTheApiOverTls() throws Exception {
        TestTls.CertFiles files = TestTls.write(dir, "RSA", TestTls.KeyFormat.PKCS8);
        start(TestConfig.tls(files).doveadmHttp("127.0.0.1", true).set("doveadm_api_key", KEY, 61));
        SSLContext trusting = TestTls.trusting(files.cert());
        HttpClient https = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(5)).build();
        int port = fixture.server().doveadmHttpAddresses().get(0).getPort();
        HttpResponse<String> response = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/doveadm/v1"))
                .header("Authorization", apiKey(KEY)).POST(HttpRequest.BodyPublishers.ofString("[[\"who\",{},\"s\"]]"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[[\"doveadmResponse\",[],\"s\"]]");
        assertThat(List.of(response.sslSession().orElseThrow().getProtocol())).containsAnyOf("TLSv1.2", "TLSv1.3");
    }
}

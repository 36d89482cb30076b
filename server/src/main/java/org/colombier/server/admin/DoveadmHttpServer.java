package org.colombier.server.admin;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dovecot's doveadm HTTP API ({@code /doveadm/v1}) as a second front door onto the admin
 * endpoint's commands: {@code GET} lists the commands, {@code POST} runs a JSON array of
 * {@code ["command", {parameters}, "tag"]} and answers {@code ["doveadmResponse", [rows], "tag"]}
 * or {@code ["error", {"type": "exitCode", "exitCode": N}, "tag"]} for each, in order.
 * Authentication is {@code Authorization: X-Dovecot-API base64(doveadm_api_key)} or
 * {@code Basic base64(doveadm:doveadm_password)}; anything else is 401.
 *
 * <p>Served by the JDK's HTTP server with a small bounded pool (a connection beyond it is closed):
 * admin traffic is a handful of short requests, and a request body is capped at {@link #MAX_BODY}.
 */
public final class DoveadmHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("doveadm-server");
    static final String PATH = "/doveadm/v1";
    /** Larger bodies are refused with 413: no admin request comes near it. */
    static final int MAX_BODY = 64 * 1024;
    /** A request with more commands is refused with 400. */
    static final int MAX_COMMANDS = 100;
    /** What is read away after a 413 so the client sees the answer rather than a reset. */
    private static final int MAX_DRAIN = 1 << 20;
    private static final int THREADS = 4;
    /** sysexits EX_USAGE: Dovecot's exit code for a bad command line. */
    private static final int EX_USAGE = 64;

    static {
        // The JDK server reads its time limits once per JVM, from these properties; an admin's own -D wins.
        // A request has 10 s to arrive in full; the command and the answer get 30 s more.
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", "10");
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", "30");
    }

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final List<HttpServer> servers;
    private final ThreadPoolExecutor pool;
    private final Map<String, AdminCommand> commands;
    private final byte[] apiKey;
    private final byte[] basicCredentials;

    private DoveadmHttpServer(List<HttpServer> servers, ThreadPoolExecutor pool, Map<String, AdminCommand> commands,
                              String apiKey, String password) {
        this.servers = servers;
        this.pool = pool;
        this.commands = commands;
        this.apiKey = apiKey.isEmpty() ? null : apiKey.getBytes(StandardCharsets.UTF_8);
        this.basicCredentials = password.isEmpty() ? null : ("doveadm:" + password).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Binds every address and starts serving the commands of {@code admin}.
     *
     * @param tls       the context for HTTPS ({@code ssl = yes} on the listener), or null for plain HTTP
     * @param protocols the TLS versions allowed ({@code ssl_min_protocol})
     * @param apiKey    {@code doveadm_api_key}, empty for none
     * @param password  {@code doveadm_password}, empty for none (at least one of the two is set)
     */
    public static DoveadmHttpServer start(List<InetSocketAddress> addresses, SSLContext tls, List<String> protocols,
                                          String apiKey, String password, AdminServer admin) throws IOException {
        if (apiKey.isEmpty() && password.isEmpty()) {
            throw new IllegalArgumentException("the doveadm HTTP API needs an API key or a password");
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(16), r -> {
                    Thread thread = new Thread(r, "colombier-doveadm-http");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        List<HttpServer> servers = new ArrayList<>();
        DoveadmHttpServer api = new DoveadmHttpServer(servers, pool, admin.commands(), apiKey, password);
        try {
            for (InetSocketAddress address : addresses) {
                HttpServer server = tls == null ? HttpServer.create(address, 16) : https(address, tls, protocols);
                server.setExecutor(pool);
                server.createContext("/", api::handle);
                servers.add(server);
            }
        } catch (IOException | RuntimeException e) {
            api.close();
            throw e;
        }
        servers.forEach(HttpServer::start);
        return api;
    }

    private static HttpsServer https(InetSocketAddress address, SSLContext tls, List<String> protocols) throws IOException {
        HttpsServer server = HttpsServer.create(address, 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = tls.getDefaultSSLParameters();
                parameters.setProtocols(protocols.toArray(String[]::new));
                params.setSSLParameters(parameters);
            }
        });
        return server;
    }

    /** Where it listens (the real ports when bound to port 0). */
    public List<InetSocketAddress> addresses() {
        return servers.stream().map(HttpServer::getAddress).toList();
    }

    private void handle(HttpExchange exchange) {
        try {
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                text(exchange, 404, "Path Not Found");
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "GET, POST");
                text(exchange, 405, "Method Not Allowed");
                return;
            }
            if (!authorized(exchange)) {
                if (apiKey != null) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "X-Dovecot-API");
                }
                if (basicCredentials != null) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"doveadm\"");
                }
                LOG.warn("doveadm HTTP API: authentication failed from {}", exchange.getRemoteAddress().getAddress().getHostAddress());
                text(exchange, 401, "Authentication required");
                return;
            }
            if (method.equals("GET")) {
                json(exchange, commandList());
                return;
            }
            byte[] body = body(exchange);
            if (body == null) {
                text(exchange, 413, "Request body larger than " + MAX_BODY + " bytes");
                return;
            }
            List<Request> requests;
            try {
                requests = requests(body);
            } catch (BadRequest e) {
                text(exchange, 400, e.getMessage());
                return;
            }
            ArrayNode answers = JSON.createArrayNode();
            for (Request request : requests) {
                answers.add(run(request, exchange));
            }
            json(exchange, answers);
        } catch (IOException e) {
            LOG.debug("doveadm HTTP API: connection lost: {}", e.getMessage());
        } finally {
            exchange.close();
        }
    }

    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            return false;
        }
        int space = header.indexOf(' ');
        if (space < 0) {
            return false;
        }
        String scheme = header.substring(0, space);
        byte[] expected = scheme.equalsIgnoreCase("X-Dovecot-API") ? apiKey
                : scheme.equalsIgnoreCase("Basic") ? basicCredentials : null;
        if (expected == null) {
            return false;
        }
        try {
            return MessageDigest.isEqual(expected, Base64.getDecoder().decode(header.substring(space + 1).trim()));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /**
     * The body, or null when it is larger than {@link #MAX_BODY}. What the client sends beyond is read
     * away (up to {@link #MAX_DRAIN}) so that it gets the 413 rather than a reset.
     */
    private static byte[] body(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        String header = exchange.getRequestHeaders().getFirst("Content-Length");
        long declared = header == null ? -1 : Long.parseLong(header.trim());
        if (declared > MAX_DRAIN) {
            return null;
        }
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length <= MAX_BODY) {
            return body;
        }
        byte[] sink = new byte[8192];
        long drained = body.length;
        for (int n; drained < MAX_DRAIN && (n = in.read(sink)) >= 0; ) {
            drained += n;
        }
        return null;
    }

    /** One command of a request, checked for shape. */
    private record Request(String name, JsonNode params, String tag) {
    }

    /** A request that is not a JSON array of {@code [string, object, string]}: HTTP 400, nothing runs. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private static List<Request> requests(byte[] body) throws BadRequest {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new BadRequest("JSON parse error: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest("JSON parse error: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw new BadRequest("Request must be a JSON array");
        }
        if (root.size() > MAX_COMMANDS) {
            throw new BadRequest("More than " + MAX_COMMANDS + " commands in one request");
        }
        List<Request> requests = new ArrayList<>();
        for (JsonNode command : root) {
            if (!command.isArray()) {
                throw new BadRequest("Command must be a JSON array");
            }
            if (!command.path(0).isTextual()) {
                throw new BadRequest("Command name must be a string");
            }
            if (!command.path(1).isObject()) {
                throw new BadRequest("Parameters must be contained in a JSON object");
            }
            if (!command.path(2).isTextual()) {
                throw new BadRequest("Command ID must be a string");
            }
            if (command.size() > 3) {
                throw new BadRequest("Unexpected JSON element at end of command");
            }
            requests.add(new Request(command.get(0).textValue(), command.get(1), command.get(2).textValue()));
        }
        return requests;
    }

    private Optional<HttpCommand> lookup(String name) {
        return HttpCommand.ALL.stream()
                .filter(c -> c.name().equals(name) && commands.containsKey(c.command()))
                .findFirst();
    }

    private ArrayNode run(Request request, HttpExchange exchange) {
        Optional<HttpCommand> found = lookup(request.name());
        if (found.isEmpty()) {
            return error("unknownMethod", EX_USAGE, "unknown command: " + request.name(), request.tag());
        }
        HttpCommand command = found.get();
        List<String> args;
        try {
            args = command.args(request.params());
        } catch (HttpCommand.InvalidParameter e) {
            return error("invalidRequest", EX_USAGE, e.getMessage(), request.tag());
        }
        LOG.info("doveadm HTTP API: {} runs {}", exchange.getRemoteAddress().getAddress().getHostAddress(), command.name());
        try {
            return response(commands.get(command.command()).run(args), request.tag());
        } catch (AdminException e) {
            return error("exitCode", e.status, e.getMessage(), request.tag());
        } catch (RuntimeException e) {
            LOG.error("doveadm HTTP API: command {} failed", command.name(), e);
            return error("internalError", AdminException.FAILED, "internal error", request.tag());
        }
    }

    /** The rows as objects keyed by the first row's column names, as doveadm's JSON formatter prints them. */
    private static ArrayNode response(List<List<String>> table, String tag) {
        ArrayNode rows = JSON.createArrayNode();
        for (List<String> row : table.subList(Math.min(1, table.size()), table.size())) {
            ObjectNode object = rows.addObject();
            for (int i = 0; i < row.size(); i++) {
                object.put(table.get(0).get(i), row.get(i));
            }
        }
        ArrayNode answer = JSON.createArrayNode().add("doveadmResponse");
        answer.add(rows);
        return answer.add(tag);
    }

    /** Dovecot's error entry; {@code message} is ours (Dovecot only logs it), harmless to its clients. */
    private static ArrayNode error(String type, int exitCode, String message, String tag) {
        ArrayNode answer = JSON.createArrayNode().add("error");
        answer.addObject().put("type", type).put("exitCode", exitCode).put("message", message);
        return answer.add(tag);
    }

    private ArrayNode commandList() {
        ArrayNode list = JSON.createArrayNode();
        for (HttpCommand command : HttpCommand.ALL) {
            if (!commands.containsKey(command.command())) {
                continue;
            }
            ArrayNode params = list.addObject().put("command", command.name()).putArray("parameters");
            command.params().forEach(p -> params.addObject().put("name", p.name()).put("type", p.type().json()));
        }
        return list;
    }

    private static void json(HttpExchange exchange, JsonNode answer) throws IOException {
        send(exchange, 200, "application/json; charset=utf-8", JSON.writeValueAsBytes(answer));
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** Lets running requests finish (briefly: a {@code stop} answer must get out), then stops listening. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        servers.forEach(server -> server.stop(0));
    }
}

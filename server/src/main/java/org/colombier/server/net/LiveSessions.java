package org.colombier.server.net;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The connections alive right now, for {@code doveadm who} and {@code kick}, and the server's
 * counters and gauges for {@code doveadm stats dump}. Fed by {@link SessionHandler} on open and close and by
 * the sessions when a user logs in; safe to read from any thread.
 */
public final class LiveSessions {
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
    private final Map<String, ProtocolCounters> protocols = new ConcurrentHashMap<>();

    void opened(Connection connection) {
        connection.registeredIn(this);
        connections.put(connection.id(), connection);
        connection.counters().connections.increment();
    }

    void closed(Connection connection) {
        connections.remove(connection.id());
    }

    void loggedIn(Connection connection) {
        connection.counters().logins.increment();
    }

    /** Adds one to the named counter ({@code imap_connections}, {@code kicks}, ...). */
    public void count(String counter) {
        counter(counter).increment();
    }

    /** The named counter, created at zero on first use; keep the handle to count without a lookup. */
    public LongAdder counter(String name) {
        LongAdder adder = counters.get(name);
        return adder != null ? adder : counters.computeIfAbsent(name, c -> new LongAdder());
    }

    /** The counters of one protocol ({@code imap}, {@code pop3}, {@code lmtp}). */
    public ProtocolCounters protocol(String protocol) {
        return protocols.computeIfAbsent(protocol, p -> new ProtocolCounters(p, this::counter));
    }

    /** A counter kept elsewhere (the auth cache's hits), read when the counters are asked for. */
    public void gauge(String name, LongSupplier value) {
        gauges.put(name, value);
    }

    /** The live connections, oldest first. */
    public List<Connection> connections() {
        List<Connection> list = new ArrayList<>(connections.values());
        list.sort(Comparator.comparing(Connection::connectedAt).thenComparing(Connection::id));
        return list;
    }

    /** Asks every matching connection to say goodbye and leave; returns those asked. */
    public List<Connection> kick(Predicate<Connection> which) {
        List<Connection> kicked = connections().stream().filter(which).toList();
        kicked.forEach(Connection::kick);
        kicked.forEach(c -> count("kicks"));
        return kicked;
    }

    /** Every counter by name, plus {@code <protocol>_current} for the connections open now. */
    public Map<String, Long> counters() {
        return counters(false);
    }

    /**
     * Every counter by name, plus {@code <protocol>_current} for the connections open now; with
     * {@code reset} ({@code stats dump -r}) each counter restarts from zero as it is read.
     */
    public Map<String, Long> counters(boolean reset) {
        Map<String, Long> result = new LinkedHashMap<>();
        for (String protocol : List.of("imap", "pop3", "lmtp")) {
            result.put(protocol + "_current", connections.values().stream()
                    .filter(c -> c.protocol().equals(protocol)).count());
            for (String counter : List.of("_connections", "_logins", "_login_failures")) {
                result.put(protocol + counter, value(protocol + counter, reset));
            }
        }
        counters.keySet().stream().sorted().forEach(name -> {
            if (!result.containsKey(name)) {
                result.put(name, value(name, reset));
            }
        });
        gauges.keySet().stream().sorted().forEach(name -> result.putIfAbsent(name, gauges.get(name).getAsLong()));
        return result;
    }

    private long value(String counter, boolean reset) {
        LongAdder adder = counters.get(counter);
        return adder == null ? 0 : reset ? adder.sumThenReset() : adder.sum();
    }
}

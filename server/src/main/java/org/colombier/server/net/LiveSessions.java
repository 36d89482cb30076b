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

    void opened(Connection connection) {
        connection.registeredIn(this);
        connections.put(connection.id(), connection);
        count(connection.protocol() + "_connections");
    }

    void closed(Connection connection) {
        connections.remove(connection.id());
    }

    void loggedIn(Connection connection) {
        count(connection.protocol() + "_logins");
    }

    /** Adds one to the named counter ({@code imap_connections}, {@code kicks}, ...). */
    public void count(String counter) {
        counters.computeIfAbsent(counter, c -> new LongAdder()).increment();
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
        Map<String, Long> result = new LinkedHashMap<>();
        for (String protocol : List.of("imap", "pop3", "lmtp")) {
            result.put(protocol + "_current", connections.values().stream()
                    .filter(c -> c.protocol().equals(protocol)).count());
            result.put(protocol + "_connections", value(protocol + "_connections"));
            result.put(protocol + "_logins", value(protocol + "_logins"));
        }
        counters.keySet().stream().sorted().forEach(name -> result.putIfAbsent(name, value(name)));
        gauges.keySet().stream().sorted().forEach(name -> result.putIfAbsent(name, gauges.get(name).getAsLong()));
        return result;
    }

    private long value(String counter) {
        LongAdder adder = counters.get(counter);
        return adder == null ? 0 : adder.sum();
    }
}

package org.colombier.server.net;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * One protocol's counters for {@code doveadm stats dump}: connections, logins, login failures and
 * how often each command ran ({@code imap_command_UID_FETCH}). Counting is a map lookup by the
 * command name the session already has and a {@link LongAdder} increment: no lock, no string built
 * once a command has been seen. Sessions take the handles of their own counters
 * ({@link #counter}) once, when they start.
 */
public final class ProtocolCounters {
    private final String protocol;
    private final Function<String, LongAdder> registry;
    private final Map<String, LongAdder> commands = new ConcurrentHashMap<>();
    final LongAdder connections;
    final LongAdder logins;
    private final LongAdder loginFailures;

    ProtocolCounters(String protocol, Function<String, LongAdder> registry) {
        this.protocol = protocol;
        this.registry = registry;
        this.connections = registry.apply(protocol + "_connections");
        this.logins = registry.apply(protocol + "_logins");
        this.loginFailures = registry.apply(protocol + "_login_failures");
    }

    /** Counters that belong to no server (a connection never registered): counted, never shown. */
    static ProtocolCounters detached(String protocol) {
        return new ProtocolCounters(protocol, name -> new LongAdder());
    }

    /**
     * Counts one run of a command the protocol knows; callers pass only names from their own
     * command table, so a client cannot grow the map with made-up names.
     */
    public void command(String name) {
        LongAdder adder = commands.get(name);
        if (adder == null) {
            adder = commands.computeIfAbsent(name, n -> registry.apply(protocol + "_command_" + n.replace(' ', '_')));
        }
        adder.increment();
    }

    /** A login refused (wrong password, unknown user) or failed temporarily. */
    public void loginFailed() {
        loginFailures.increment();
    }

    /** The protocol's counter {@code <protocol>_<suffix>} (created at zero); keep the handle. */
    public LongAdder counter(String suffix) {
        return registry.apply(protocol + "_" + suffix);
    }
}

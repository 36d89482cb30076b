package org.colombier.server.admin;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.colombier.server.net.Connection;
import org.colombier.server.net.LiveSessions;

/**
 * {@code who [-1] [MASK...]}: the live sessions, one row per user and protocol (connection count,
 * session ids, remote IPs) or with {@code -1} one row per connection. Connections that have not
 * logged in (LMTP always) have an empty user.
 */
final class WhoCommand implements AdminCommand {
    private final LiveSessions live;

    WhoCommand(LiveSessions live) {
        this.live = live;
    }

    @Override
    public List<List<String>> run(List<String> args) throws AdminException {
        boolean perConnection = !args.isEmpty() && args.get(0).equals("-1");
        SessionMask mask = SessionMask.parse(perConnection ? args.subList(1, args.size()) : args);
        List<Connection> connections = live.connections().stream().filter(mask::matches).toList();
        List<List<String>> rows = new ArrayList<>();
        if (perConnection) {
            rows.add(List.of("username", "service", "session", "ip", "local_ip", "login_time"));
            for (Connection c : connections) {
                rows.add(List.of(user(c), c.protocol(), c.id(), ip(c.remoteAddress()), ip(c.localAddress()),
                        String.valueOf(c.connectedAt().getEpochSecond())));
            }
            return rows;
        }
        Map<List<String>, List<Connection>> groups = new LinkedHashMap<>();
        for (Connection c : connections) {
            groups.computeIfAbsent(List.of(user(c), c.protocol()), k -> new ArrayList<>()).add(c);
        }
        rows.add(List.of("username", "connections", "service", "sessions", "ips"));
        groups.forEach((key, group) -> {
            Set<String> ips = new LinkedHashSet<>();
            group.forEach(c -> ips.add(ip(c.remoteAddress())));
            rows.add(List.of(key.get(0), String.valueOf(group.size()), key.get(1),
                    "(" + String.join(" ", group.stream().map(Connection::id).toList()) + ")",
                    "(" + String.join(" ", ips) + ")"));
        });
        return rows;
    }

    private static String user(Connection c) {
        return c.user() == null ? "" : c.user();
    }

    private static String ip(InetAddress address) {
        return address == null ? "" : address.getHostAddress();
    }
}

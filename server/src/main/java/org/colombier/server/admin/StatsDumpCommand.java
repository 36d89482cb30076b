package org.colombier.server.admin;

import java.util.ArrayList;
import java.util.List;

import org.colombier.server.net.LiveSessions;

/**
 * {@code stats dump [-r]}: the server's counters since start (or the last {@code -r}),
 * {@code metric_name<TAB>count}; {@code -r} resets them after reading, as Dovecot's.
 */
final class StatsDumpCommand implements AdminCommand {
    private final LiveSessions live;

    StatsDumpCommand(LiveSessions live) {
        this.live = live;
    }

    @Override
    public List<List<String>> run(List<String> args) throws AdminException {
        boolean reset = args.equals(List.of("-r"));
        if (!args.isEmpty() && !reset) {
            throw new AdminException(AdminException.USAGE, "stats dump takes only -r");
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("metric_name", "count"));
        live.counters(reset).forEach((name, count) -> rows.add(List.of(name, String.valueOf(count))));
        return rows;
    }
}

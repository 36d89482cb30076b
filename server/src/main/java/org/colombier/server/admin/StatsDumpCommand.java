package org.colombier.server.admin;

import java.util.ArrayList;
import java.util.List;

import org.colombier.server.net.LiveSessions;

/** {@code stats dump}: the server's counters since start, {@code metric_name<TAB>count}. */
final class StatsDumpCommand implements AdminCommand {
    private final LiveSessions live;

    StatsDumpCommand(LiveSessions live) {
        this.live = live;
    }

    @Override
    public List<List<String>> run(List<String> args) throws AdminException {
        if (!args.isEmpty()) {
            throw new AdminException(AdminException.USAGE, "stats dump takes no arguments");
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("metric_name", "count"));
        live.counters().forEach((name, count) -> rows.add(List.of(name, String.valueOf(count))));
        return rows;
    }
}

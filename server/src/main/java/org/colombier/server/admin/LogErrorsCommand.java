package org.colombier.server.admin;

import java.util.ArrayList;
import java.util.List;

/** {@code log errors [-s SINCE]}: recent warnings and errors, {@code timestamp type prefix text}. */
final class LogErrorsCommand implements AdminCommand {
    private final RecentLog log;

    LogErrorsCommand(RecentLog log) {
        this.log = log;
    }

    @Override
    public List<List<String>> run(List<String> args) throws AdminException {
        long since = 0;
        if (args.size() == 2 && args.get(0).equals("-s")) {
            try {
                since = Long.parseLong(args.get(1));
            } catch (NumberFormatException e) {
                throw new AdminException(AdminException.USAGE, "-s needs a UNIX timestamp: " + args.get(1));
            }
        } else if (!args.isEmpty()) {
            throw new AdminException(AdminException.USAGE, "usage: log errors [-s <min_timestamp>]");
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("timestamp", "type", "prefix", "text"));
        for (RecentLog.Entry e : log.since(since)) {
            rows.add(List.of(String.valueOf(e.timestamp()), e.type(), e.prefix(), e.text()));
        }
        return rows;
    }
}

package org.colombier.server.admin;

import java.util.List;

/** {@code stop}: a graceful stop, as SIGTERM; the reply goes out before the server winds down. */
final class StopCommand implements AdminCommand {
    private final Runnable stop;

    StopCommand(Runnable stop) {
        this.stop = stop;
    }

    @Override
    public List<List<String>> run(List<String> args) throws AdminException {
        if (!args.isEmpty()) {
            throw new AdminException(AdminException.USAGE, "stop takes no arguments");
        }
        stop.run();
        return List.of();
    }
}

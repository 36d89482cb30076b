package org.colombier.server.admin;

import java.util.ArrayList;
import java.util.List;

import org.colombier.config.ConfigException;

/**
 * {@code reload}: re-reads the configuration without dropping connections. A file with an error is
 * refused with its {@code FILE:LINE: problem} and the running configuration stays; a good one
 * answers the setting groups that took effect (the rest needs a restart).
 */
final class ReloadCommand implements AdminCommand {
    private final AdminServer.Reloader reloader;

    ReloadCommand(AdminServer.Reloader reloader) {
        this.reloader = reloader;
    }

    @Override
    public List<List<String>> run(List<String> args) throws AdminException {
        if (!args.isEmpty()) {
            throw new AdminException(AdminException.USAGE, "reload takes no arguments");
        }
        try {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("reloaded"));
            reloader.reload().forEach(group -> rows.add(List.of(group)));
            return rows;
        } catch (ConfigException e) {
            throw new AdminException(AdminException.FAILED,
                    "reload refused, the running configuration is kept: " + e.getMessage());
        }
    }
}

package org.colombier.server.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.colombier.server.net.Connection;
import org.colombier.server.net.LiveSessions;

/**
 * {@code kick USER-MASK|IP[/BITS]...}: every matching session says its protocol's goodbye (IMAP
 * {@code * BYE}, POP3 {@code -ERR}, LMTP {@code 421}) after its running command and disconnects.
 * Answers the users kicked, one per row; none matching is status 68, as in doveadm.
 */
final class KickCommand implements AdminCommand {
    private final LiveSessions live;

    KickCommand(LiveSessions live) {
        this.live = live;
    }

    @Override
    public List<List<String>> run(List<String> args) throws AdminException {
        if (args.isEmpty()) {
            throw new AdminException(AdminException.USAGE, "kick needs a user mask or an IP mask");
        }
        SessionMask mask = SessionMask.parse(args);
        List<Connection> kicked = live.kick(mask::matches);
        if (kicked.isEmpty()) {
            throw new AdminException(AdminException.NOT_FOUND, "no users kicked");
        }
        TreeSet<String> users = new TreeSet<>();
        kicked.forEach(c -> users.add(c.user() == null ? "" : c.user()));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("username"));
        users.forEach(u -> rows.add(List.of(u)));
        return rows;
    }
}

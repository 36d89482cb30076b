package org.colombier.server.admin;

import java.util.List;

/**
 * {@code auth-cache-flush [USER ...]}: empties the auth cache, or only the named users' entries, and
 * answers how many entries went ({@code doveadm auth cache flush} prints {@code <n> cache entries flushed}).
 */
final class AuthCacheFlushCommand implements AdminCommand {
    private final AdminServer.CacheFlusher flusher;

    AuthCacheFlushCommand(AdminServer.CacheFlusher flusher) {
        this.flusher = flusher;
    }

    @Override
    public List<List<String>> run(List<String> users) throws AdminException {
        if (users.stream().anyMatch(String::isEmpty)) {
            throw new AdminException(AdminException.USAGE, "auth cache flush: empty user name");
        }
        return List.of(List.of("flushed"), List.of(String.valueOf(flusher.flush(users))));
    }
}

package org.colombier.server.imap;

/**
 * LOGIN and AUTHENTICATE while no authenticator is wired into the server: a clean refusal that
 * still tells a client on an insecure connection why plaintext would be refused anyway.
 */
final class AuthUnavailableCommand implements ImapCommand {
    @Override
    public void execute(ImapSession session, ImapRequest request) {
        if (!session.settings().cleartextAllowed(session.connection())) {
            session.tagged(request, "NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.");
        } else {
            session.tagged(request, "NO [UNAVAILABLE] Authentication is not available on this server.");
        }
    }
}

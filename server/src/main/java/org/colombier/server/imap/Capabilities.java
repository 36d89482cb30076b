package org.colombier.server.imap;

import java.util.ArrayList;
import java.util.List;

/** What the server advertises, by session state (Dovecot lists the full set only after login). */
final class Capabilities {
    /** Extensions available after login. Only what is implemented: no THREAD, SORT, CATENATE, URLAUTH, NOTIFY. */
    private static final List<String> AUTHENTICATED = List.of("IMAP4rev1", "SASL-IR", "LOGIN-REFERRALS", "ID", "ENABLE",
            "IDLE", "LITERAL+", "NAMESPACE", "UIDPLUS", "MOVE", "UNSELECT", "CHILDREN", "SPECIAL-USE",
            "LIST-EXTENDED", "LIST-STATUS", "STATUS=SIZE", "ESEARCH", "SEARCHRES", "WITHIN", "CONDSTORE", "QRESYNC",
            "MULTIAPPEND", "BINARY");

    private Capabilities() {
    }

    static List<String> of(ImapSession session) {
        if (session.state() != ImapSession.State.NOT_AUTHENTICATED) {
            List<String> caps = new ArrayList<>(AUTHENTICATED);
            caps.add("APPENDLIMIT=" + session.config().limits().maxAppendSize());
            return caps;
        }
        List<String> caps = new ArrayList<>(List.of("IMAP4rev1", "SASL-IR", "LOGIN-REFERRALS", "ID", "ENABLE", "IDLE",
                "LITERAL+"));
        if (session.connection().startTlsAvailable()) {
            caps.add("STARTTLS");
        }
        boolean cleartext = session.cleartextAllowed();
        for (String mechanism : session.services().authenticator().mechanisms(cleartext)) {
            caps.add("AUTH=" + mechanism);
        }
        if (!cleartext) {
            caps.add("LOGINDISABLED");
        }
        return caps;
    }
}

package org.colombier.server.imap;

import static org.colombier.server.imap.ImapSession.State.AUTHENTICATED;
import static org.colombier.server.imap.ImapSession.State.NOT_AUTHENTICATED;
import static org.colombier.server.imap.ImapSession.State.SELECTED;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.command.*;
import org.colombier.server.imap.protocol.command.*;

/** The IMAP command set in one table: name, the states it runs in, its handler. */
final class ImapCommands {
    private static final Set<ImapSession.State> ANY = EnumSet.of(NOT_AUTHENTICATED, AUTHENTICATED, SELECTED);
    private static final Set<ImapSession.State> LOGIN = EnumSet.of(NOT_AUTHENTICATED);
    private static final Set<ImapSession.State> AUTH = EnumSet.of(AUTHENTICATED, SELECTED);
    private static final Set<ImapSession.State> SEL = EnumSet.of(SELECTED);

    record Entry<C extends ImapCommand>(Class<C> type, Set<ImapSession.State> states, CommandHandler<C> handler) {
        boolean allowedIn(ImapSession.State state) {
            return states.contains(state);
        }

        void run(ImapSession session, String tag, ImapCommand command) throws StoreException {
            handler.run(session, tag, type.cast(command));
        }
    }

    private static final Map<String, Entry<?>> TABLE = Map.ofEntries(
            e("CAPABILITY", NoArgsCommand.class, ANY, new CapabilityHandler()),
            e("NOOP", NoArgsCommand.class, ANY, new NoopHandler()),
            e("LOGOUT", NoArgsCommand.class, ANY, new LogoutHandler()),
            e("ID", IdCommand.class, ANY, new IdHandler()),
            e("STARTTLS", NoArgsCommand.class, LOGIN, new StartTlsHandler()),
            e("LOGIN", LoginCommand.class, LOGIN, new LoginHandler()),
            e("AUTHENTICATE", AuthenticateCommand.class, LOGIN, new AuthenticateHandler()),
            e("ENABLE", EnableCommand.class, AUTH, new EnableHandler()),
            e("NAMESPACE", NoArgsCommand.class, AUTH, new NamespaceHandler()),
            e("SELECT", SelectCommand.class, AUTH, new SelectHandler()),
            e("EXAMINE", SelectCommand.class, AUTH, new SelectHandler()),
            e("CREATE", CreateCommand.class, AUTH, new CreateHandler()),
            e("DELETE", DeleteCommand.class, AUTH, new DeleteHandler()),
            e("RENAME", RenameCommand.class, AUTH, new RenameHandler()),
            e("SUBSCRIBE", SubscribeCommand.class, AUTH, new SubscribeHandler()),
            e("UNSUBSCRIBE", SubscribeCommand.class, AUTH, new SubscribeHandler()),
            e("LIST", ListCommand.class, AUTH, new ListHandler()),
            e("LSUB", LsubCommand.class, AUTH, new LsubHandler()),
            e("STATUS", StatusCommand.class, AUTH, new StatusHandler()),
            e("APPEND", AppendCommand.class, AUTH, new AppendHandler()),
            e("IDLE", NoArgsCommand.class, AUTH, new IdleHandler()),
            e("CHECK", NoArgsCommand.class, SEL, new NoopHandler()),
            e("CLOSE", NoArgsCommand.class, SEL, new CloseHandler()),
            e("UNSELECT", NoArgsCommand.class, SEL, new CloseHandler()),
            e("EXPUNGE", NoArgsCommand.class, SEL, new ExpungeHandler()),
            e("UID EXPUNGE", UidExpungeCommand.class, SEL, new UidExpungeHandler()),
            e("SEARCH", SearchCommand.class, SEL, new SearchHandler()),
            e("UID SEARCH", SearchCommand.class, SEL, new SearchHandler()),
            e("FETCH", FetchCommand.class, SEL, new FetchHandler()),
            e("UID FETCH", FetchCommand.class, SEL, new FetchHandler()),
            e("STORE", StoreCommand.class, SEL, new StoreHandler()),
            e("UID STORE", StoreCommand.class, SEL, new StoreHandler()),
            e("COPY", CopyCommand.class, SEL, new CopyHandler()),
            e("UID COPY", CopyCommand.class, SEL, new CopyHandler()),
            e("MOVE", CopyCommand.class, SEL, new CopyHandler()),
            e("UID MOVE", CopyCommand.class, SEL, new CopyHandler()));

    private ImapCommands() {
    }

    private static <C extends ImapCommand> Map.Entry<String, Entry<?>> e(String name, Class<C> type,
                                                                        Set<ImapSession.State> states,
                                                                        CommandHandler<C> handler) {
        return Map.entry(name, new Entry<>(type, states, handler));
    }

    static Entry<?> get(String name) {
        return TABLE.get(name);
    }
}

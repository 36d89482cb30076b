package org.colombier.server.imap;

import static org.colombier.server.imap.ImapSession.State.AUTHENTICATED;
import static org.colombier.server.imap.ImapSession.State.NOT_AUTHENTICATED;
import static org.colombier.server.imap.ImapSession.State.SELECTED;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.command.AppendHandler;
import org.colombier.server.imap.command.AuthenticateHandler;
import org.colombier.server.imap.command.CapabilityHandler;
import org.colombier.server.imap.command.CloseHandler;
import org.colombier.server.imap.command.CopyHandler;
import org.colombier.server.imap.command.CreateHandler;
import org.colombier.server.imap.command.DeleteHandler;
import org.colombier.server.imap.command.EnableHandler;
import org.colombier.server.imap.command.ExpungeHandler;
import org.colombier.server.imap.command.FetchHandler;
import org.colombier.server.imap.command.IdHandler;
import org.colombier.server.imap.command.IdleHandler;
import org.colombier.server.imap.command.ListHandler;
import org.colombier.server.imap.command.LoginHandler;
import org.colombier.server.imap.command.LogoutHandler;
import org.colombier.server.imap.command.LsubHandler;
import org.colombier.server.imap.command.NamespaceHandler;
import org.colombier.server.imap.command.NoopHandler;
import org.colombier.server.imap.command.RenameHandler;
import org.colombier.server.imap.command.SearchHandler;
import org.colombier.server.imap.command.SelectHandler;
import org.colombier.server.imap.command.StartTlsHandler;
import org.colombier.server.imap.command.StatusHandler;
import org.colombier.server.imap.command.StoreHandler;
import org.colombier.server.imap.command.SubscribeHandler;
import org.colombier.server.imap.command.UidExpungeHandler;
import org.colombier.server.imap.protocol.command.AppendCommand;
import org.colombier.server.imap.protocol.command.ImapCommand;
import org.colombier.server.imap.protocol.command.AuthenticateCommand;
import org.colombier.server.imap.protocol.command.CopyCommand;
import org.colombier.server.imap.protocol.command.CreateCommand;
import org.colombier.server.imap.protocol.command.DeleteCommand;
import org.colombier.server.imap.protocol.command.EnableCommand;
import org.colombier.server.imap.protocol.command.FetchCommand;
import org.colombier.server.imap.protocol.command.IdCommand;
import org.colombier.server.imap.protocol.command.ListCommand;
import org.colombier.server.imap.protocol.command.LoginCommand;
import org.colombier.server.imap.protocol.command.LsubCommand;
import org.colombier.server.imap.protocol.command.NoArgsCommand;
import org.colombier.server.imap.protocol.command.RenameCommand;
import org.colombier.server.imap.protocol.command.SearchCommand;
import org.colombier.server.imap.protocol.command.SelectCommand;
import org.colombier.server.imap.protocol.command.StatusCommand;
import org.colombier.server.imap.protocol.command.StoreCommand;
import org.colombier.server.imap.protocol.command.SubscribeCommand;
import org.colombier.server.imap.protocol.command.UidExpungeCommand;

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

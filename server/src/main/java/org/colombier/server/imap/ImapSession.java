package org.colombier.server.imap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.UserRecord;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.server.Services;
import org.colombier.server.imap.protocol.DecoderEvent;
import org.colombier.server.imap.protocol.RequestDecoder;
import org.colombier.server.imap.protocol.Request;
import org.colombier.server.imap.protocol.Response;
import org.colombier.server.imap.protocol.ResponseBuilder;
import org.colombier.server.imap.protocol.ResponseCode;
import org.colombier.server.imap.protocol.command.CommandParseException;
import org.colombier.server.imap.protocol.command.CommandRegistry;
import org.colombier.server.imap.protocol.command.ImapCommand;
import org.colombier.server.imap.protocol.command.ParseContext;
import org.colombier.server.net.Connection;
import org.colombier.server.net.InputBytes;
import org.colombier.server.net.ProtocolSession;
import org.colombier.server.net.SessionSettings;

/**
 * One IMAP connection: feeds received bytes to the {@link RequestDecoder}, runs each command
 * through {@link ImapCommands}, and holds the state RFC 3501 gives a session (login, the selected
 * mailbox's view, enabled extensions, IDLE). Everything runs on the connection's ordered worker;
 * a command that waits for something (a login lookup) parks the session, not a thread, and input
 * that arrives meanwhile waits its turn.
 */
public final class ImapSession implements ProtocolSession {
    /** Input held while a command is parked; more than this and the client is cut off. */
    private static final int MAX_HELD_INPUT = 1 << 20;

    public enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }

    private final Connection connection;
    private final SessionSettings settings;
    private final Services services;
    private final ImapConfig config;
    private final RequestDecoder decoder;
    private final Deque<ByteBuffer> input = new ArrayDeque<>();
    private int heldBytes;
    private boolean parked;
    /** Set while a command waits for a raw line (IDLE's DONE, a SASL response). */
    private Consumer<DecoderEvent.Line> lineHandler;

    private State state = State.NOT_AUTHENTICATED;
    /** The tag of the command running now; its completion waits until the updates it caused are sent. */
    private String runningTag;
    private Response completion;
    private UserRecord user;
    private UserMailboxes mailboxes;
    private SelectedMailbox selected;
    private final Set<String> enabled = new LinkedHashSet<>();
    /** {@code imap_append_messages} and {@code imap_append_bytes}, looked up once per session. */
    private final LongAdder appendedMessages;
    private final LongAdder appendedBytes;
    /** The result SEARCH RETURN (SAVE) kept for {@code $} (RFC 5182), as UIDs. */
    private UidSet savedSearch = UidSet.empty();

    public ImapSession(Connection connection, SessionSettings settings, Services services, ImapConfig config) {
        this.connection = connection;
        this.appendedMessages = connection.counters().counter("append_messages");
        this.appendedBytes = connection.counters().counter("append_bytes");
        this.settings = settings;
        this.services = services;
        this.config = config;
        this.decoder = new RequestDecoder(config.limits());
    }

    public Connection connection() {
        return connection;
    }

    public SessionSettings settings() {
        return settings;
    }

    public Services services() {
        return services;
    }

    public ImapConfig config() {
        return config;
    }

    public State state() {
        return state;
    }

    public UserRecord user() {
        return user;
    }

    public UserMailboxes mailboxes() {
        return mailboxes;
    }

    public SelectedMailbox selected() {
        return selected;
    }

    public Set<String> enabled() {
        return enabled;
    }

    public boolean condStore() {
        return enabled.contains("CONDSTORE") || enabled.contains("QRESYNC");
    }

    public boolean qresync() {
        return enabled.contains("QRESYNC");
    }

    public UidSet savedSearch() {
        return savedSearch;
    }

    public void savedSearch(UidSet uids) {
        savedSearch = uids;
    }

    public MailboxNames names() {
        return new MailboxNames(config.prefix(), config.separator());
    }

    /** Whether LOGIN and plaintext SASL are allowed here now. */
    public boolean cleartextAllowed() {
        return settings.cleartextAllowed(connection);
    }

    public AuthRequest authRequest(String userName) {
        return new AuthRequest(userName, "imap", connection.remoteAddress(), connection.localAddress(),
                settings.secured(connection));
    }

    @Override
    public void start() {
        untagged("OK [CAPABILITY " + String.join(" ", Capabilities.of(this)) + "] Colombier ready.");
    }

    @Override
    public void received(InputBytes bytes) {
        if (bytes.bytes().length == 0) {
            return;
        }
        input.add(ByteBuffer.wrap(bytes.bytes()));
        heldBytes += bytes.bytes().length;
        if (parked && heldBytes > MAX_HELD_INPUT) {
            connection.goodbye("* BYE Too much input while a command was running.", "Input flood");
            return;
        }
        pump();
    }

    /** Decodes and runs what has arrived, until the input is used up or a command parks the session. */
    private void pump() {
        while (!parked && !input.isEmpty() && state != State.LOGOUT && !connection.closing()) {
            ByteBuffer buffer = input.peek();
            int before = buffer.remaining();
            DecoderEvent event = decoder.next(buffer);
            heldBytes -= before - buffer.remaining();
            if (!buffer.hasRemaining()) {
                input.poll();
            }
            if (event != null) {
                handle(event);
            }
        }
    }

    private void handle(DecoderEvent event) {
        if (event instanceof DecoderEvent.Received received) {
            try (Request request = received.request()) {
                run(request);
            }
        } else if (event instanceof DecoderEvent.LiteralContinuation c) {
            send(c.response());
        } else if (event instanceof DecoderEvent.Rejected rejected) {
            send(rejected.response());
        } else if (event instanceof DecoderEvent.Line line) {
            Consumer<DecoderEvent.Line> handler = lineHandler;
            lineHandler = null;
            if (handler != null) {
                handler.accept(line);
            }
        } else if (event instanceof DecoderEvent.Fatal fatal) {
            connection.goodbye("* BYE " + fatal.text(), fatal.text());
        }
    }

    private void run(Request request) {
        String name = CommandRegistry.nameOf(request);
        ImapCommands.Entry<?> entry = ImapCommands.get(name);
        if (entry == null) {
            tagged(request.tag(), "BAD Error in IMAP command " + name + ": Unknown command.");
            return;
        }
        connection.counters().command(name);
        if (!entry.allowedIn(state)) {
            tagged(request.tag(), "BAD Error in IMAP command " + name + ": "
                    + (state == State.NOT_AUTHENTICATED ? "Not authenticated." : "No mailbox selected."));
            return;
        }
        ImapCommand command;
        try {
            command = CommandRegistry.parse(request, ParseContext.DEFAULT);
        } catch (CommandParseException e) {
            send(e.response(request.tag()));
            return;
        }
        runningTag = request.tag();
        try {
            entry.run(this, request.tag(), command);
        } catch (StoreException e) {
            done(StoreErrors.response(request.tag(), e));
        } catch (BadCommandException e) {
            tagged(request.tag(), "BAD Error in IMAP command " + name + ": " + e.getMessage());
        } finally {
            runningTag = null;
        }
        if (!parked && selected != null && state == State.SELECTED) {
            syncAfter(name);
        }
        if (completion != null) {
            Response r = completion;
            completion = null;
            send(r);
        }
    }

    /**
     * The tagged completion of a command. While the command runs it is held back, so the untagged
     * updates the command caused (EXISTS after APPEND, EXPUNGE after MOVE) go out before it.
     */
    public void done(Response response) {
        if (runningTag != null) {
            completion = response;
        } else {
            send(response);
        }
    }

    /** Unsolicited updates after a command; EXPUNGE only where RFC 3501 7.4.1 allows it. */
    private void syncAfter(String name) {
        boolean expungeAllowed = !(name.equals("FETCH") || name.equals("STORE") || name.equals("SEARCH"));
        sync(expungeAllowed);
    }

    /** Sends what changed in the selected mailbox since the client last heard; tagged OK not included. */
    public void sync(boolean expungeAllowed) {
        if (selected == null) {
            return;
        }
        try {
            selected.sync(this, expungeAllowed);
        } catch (StoreException e) {
            untagged("NO " + e.getMessage());
        }
    }

    /** Parks the session until {@link #resume()}: input that arrives is held back, not run. */
    public void park() {
        parked = true;
    }

    /** Continues with held input after a parked command finished; call on the session's worker. */
    public void resume() {
        parked = false;
        if (selected != null && state == State.SELECTED) {
            sync(true);
        }
        pump();
    }

    /** Runs {@code task} on this session's worker (from a lookup's thread, a mailbox listener ...). */
    public void later(Runnable task) {
        connection.runInSession(task);
    }

    /** The next input is one raw line for {@code handler} (IDLE's DONE, a SASL response). */
    public void expectLine(Consumer<DecoderEvent.Line> handler) {
        lineHandler = handler;
        decoder.expectLine();
    }

    /** True while a command waits for a raw line. */
    public boolean awaitingLine() {
        return lineHandler != null;
    }

    /** Counts a message APPEND stored, for {@code doveadm stats dump}. */
    public void appended(long bytes) {
        appendedMessages.increment();
        appendedBytes.add(bytes);
    }

    public void loggedIn(UserRecord record, UserMailboxes userMailboxes) {
        this.user = record;
        this.mailboxes = userMailboxes;
        this.state = State.AUTHENTICATED;
        connection.loggedIn(record.user());
        connection.idleTimeout(config.autologout());
    }

    public void select(SelectedMailbox mailbox) {
        unselect();
        selected = mailbox;
        state = State.SELECTED;
    }

    public void unselect() {
        if (selected != null) {
            selected.close();
            selected = null;
        }
        savedSearch = UidSet.empty();
        if (state == State.SELECTED) {
            state = State.AUTHENTICATED;
        }
    }

    /** STARTTLS accepted: nothing the client pipelined behind it may run. */
    public void startTls(String tag) {
        input.clear();
        heldBytes = 0;
        decoder.reset();
        connection.startTls(tag + " OK Begin TLS negotiation now.");
    }

    public void logout(String tag) {
        untagged("BYE Logging out");
        state = State.LOGOUT;
        close();
        connection.goodbye(tag + " OK Logout completed.", "Logged out");
    }

    public void untagged(String text) {
        connection.reply("* " + text);
    }

    /** Untagged responses sent in one write. */
    public void untagged(List<String> texts) {
        List<String> lines = new ArrayList<>(texts.size());
        for (String text : texts) {
            lines.add("* " + text);
        }
        connection.reply(lines);
    }

    /** A tagged response (completion) as text. */
    public void tagged(String tag, String text) {
        if (tag.equals(runningTag)) {
            completion = ResponseBuilder.tagged(tag).text(text).build();
        } else {
            connection.reply(tag + " " + text);
        }
    }

    public void ok(String tag, String text) {
        tagged(tag, "OK " + text);
    }

    public void ok(String tag, ResponseCode code, String text) {
        done(ResponseBuilder.status(tag, "OK", code, text));
    }

    public void send(Response response) {
        try {
            connection.send(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** While IDLE waits for DONE, a quiet connection hears that the server is still there (as Dovecot). */
    @Override
    public void quiet() {
        if (state != State.NOT_AUTHENTICATED && lineHandler != null) {
            untagged("OK Still here");
        }
    }

    @Override
    public void closed() {
        close();
    }

    @Override
    public void idle() {
        close();
        connection.goodbye("* BYE Disconnected for inactivity.", "Inactivity");
    }

    @Override
    public void shutdown() {
        close();
        connection.goodbye("* BYE Server shutting down.", "Server shutting down");
    }

    /** Releases the selected mailbox and the user's mailboxes (the connection is going away). */
    private void close() {
        state = State.LOGOUT;
        unselect();
        if (mailboxes != null) {
            mailboxes.close();
            mailboxes = null;
        }
        decoder.close();
    }

    /** The capabilities to list now, for CAPABILITY and the greeting. */
    public List<String> capabilities() {
        return new ArrayList<>(Capabilities.of(this));
    }
}

package org.colombier.server.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.colombier.api.auth.AuthRequest;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.auth.sasl.SaslMechanisms;
import org.colombier.auth.sasl.SaslServer;
import org.colombier.auth.sasl.SaslStep;
import org.colombier.server.auth.LoginResult;
import org.colombier.server.net.Connection;
import org.colombier.server.net.InputLine;
import org.colombier.server.net.ProtocolSession;
import org.colombier.server.net.SessionSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POP3 connection (RFC 1939, RFC 2449 CAPA and response codes, RFC 5034 AUTH, RFC 2595 STLS):
 * AUTHORIZATION, then TRANSACTION on a snapshot of INBOX taken at login, then UPDATE at QUIT. POP3
 * verbs are small, so each is a method here rather than a class.
 *
 * <p>Deletions are applied only by QUIT; a dropped connection deletes nothing, but messages it
 * retrieved still get {@code \Seen} (unless {@code pop3_no_flag_updates}), as in Dovecot.
 *
 * <p>Two POP3 sessions of one user: with {@code pop3_lock_session = no} (Dovecot's default) they
 * share INBOX safely — each works on its own snapshot, a message the other one expunged answers
 * {@code -ERR} to RETR/TOP, and QUIT expunges only what still exists. With {@code yes}, the
 * second login gets {@code -ERR [IN-USE]} while the first is open. Either way the lock is this
 * server's, not a mailbox lock, so IMAP and LMTP go on working while a POP3 session is open.
 */
public final class Pop3Session implements ProtocolSession {
    /** UIDL and LIST lines per write, so a 100,000-message listing is not one string. */
    private static final int LINES_PER_WRITE = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Lines a client may pipeline behind a login being checked or a message being sent. */
    private static final int MAX_HELD_LINES = 4096;
    /** Lines held behind a message being sent before the client's input is no longer read. */
    private static final int HOLD_INPUT_AT = 64;
    private static final Logger LOG = LoggerFactory.getLogger("pop3");
    /** The commands counted for {@code stats dump} ({@code pop3_command_RETR}); others are unknown. */
    private static final Set<String> COMMANDS = Set.of("CAPA", "QUIT", "STLS", "USER", "PASS", "APOP", "AUTH",
            "STAT", "LIST", "UIDL", "RETR", "TOP", "DELE", "NOOP", "RSET");

    private enum State { AUTHORIZATION, TRANSACTION, DONE }

    private final Connection connection;
    private final SessionSettings settings;
    private final Pop3Service service;
    private State state = State.AUTHORIZATION;
    /** The APOP timestamp of the greeting, or null when APOP is not offered. */
    private String apopTimestamp;
    /** The name given by USER, waiting for PASS. */
    private String pendingUser;
    /** The SASL exchange waiting for the client's next line, if any, and its request. */
    private SaslServer sasl;
    private AuthRequest saslRequest;
    /** Input that arrived while a login was being checked or a message sent, to run after it. */
    private final Deque<InputLine> held = new ArrayDeque<>();
    private boolean parked;
    /** A SASL success with additional data, waiting for the client's empty response. */
    private LoginResult.Success successPending;
    private String user;
    private Maildrop maildrop;
    private boolean locked;
    /** The RETR or TOP response waiting for the client to read on, and what follows once it is all written. */
    private MessageTransfer transfer;
    private Runnable whenSent;
    /** The client's input is not read until the transfer ends; see {@link #HOLD_INPUT_AT}. */
    private boolean inputHeld;

    public Pop3Session(Connection connection, SessionSettings settings, Pop3Service service) {
        this.connection = connection;
        this.settings = settings;
        this.service = service;
    }

    @Override
    public void start() {
        connection.writeTimeout(service.settings().writeTimeout());
        if (service.settings().apop()) {
            byte[] random = new byte[9];
            RANDOM.nextBytes(random);
            apopTimestamp = "<" + Base64.getEncoder().encodeToString(random).replace('/', '.').replace('+', '-') + "."
                    + System.currentTimeMillis() / 1000 + "@" + settings.hostname() + ">";
            connection.reply("+OK Colombier ready. " + apopTimestamp);
        } else {
            connection.reply("+OK Colombier ready.");
        }
    }

    @Override
    public void line(InputLine.Text line) {
        hold(line);
    }

    @Override
    public void lineTooLong(InputLine.TooLong line) {
        hold(line);
    }

    /** Queues input behind a pending login or message (PIPELINING); otherwise runs it at once. */
    private void hold(InputLine line) {
        if (held.size() >= MAX_HELD_LINES) {
            held.clear();
            if (transfer != null) {
                // an -ERR now would land inside the message being sent
                connection.close("Too many pipelined commands");
            } else {
                connection.goodbye("-ERR Too many commands pipelined behind a login.", "Too many pipelined commands");
            }
            return;
        }
        held.add(line);
        if (transfer != null && !inputHeld && held.size() >= HOLD_INPUT_AT) {
            // the rest waits in the socket until the client has read the message
            inputHeld = true;
            connection.holdInput(true);
        }
        pump();
    }

    private void pump() {
        while (!parked && !held.isEmpty() && !connection.closing()) {
            InputLine next = held.poll();
            if (next instanceof InputLine.Text text) {
                command(text);
            } else {
                tooLong((InputLine.TooLong) next);
            }
        }
    }

    /** Waits for the authenticator; its answer runs on this session's worker, then held input goes on. */
    private void await(CompletableFuture<LoginResult> login) {
        parked = true;
        login.whenComplete((result, error) -> connection.runInSession(() -> {
            parked = false;
            if (error != null) {
                LOG.error("pop3: login lookup failed, session=<{}>", connection.id(), error);
                connection.counters().loginFailed();
                connection.reply("-ERR [SYS/TEMP] Temporary authentication failure.");
            } else {
                loggedIn(result);
            }
            pump();
        }));
    }

    private void command(InputLine.Text line) {
        if (successPending != null) {
            successResponse(line);
            return;
        }
        if (sasl != null) {
            saslResponse(line);
            return;
        }
        if (line.containsNul()) {
            connection.reply("-ERR NUL bytes are not allowed in commands.");
            return;
        }
        String text = line.text();
        int space = text.indexOf(' ');
        String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String args = space < 0 ? "" : text.substring(space + 1);
        if (COMMANDS.contains(verb)) {
            connection.counters().command(verb);
        }
        if (state == State.AUTHORIZATION) {
            authorization(verb, args);
        } else if (state == State.TRANSACTION) {
            transaction(verb, args.strip());
        }
    }

    private void authorization(String verb, String args) {
        switch (verb) {
            case "CAPA" -> capa();
            case "QUIT" -> connection.goodbye("+OK Logging out.", "Logged out");
            case "STLS" -> stls();
            case "USER" -> user(args);
            case "PASS" -> pass(args);
            case "APOP" -> apop(args.strip());
            case "AUTH" -> auth(args.strip());
            default -> unknown(verb);
        }
    }

    private void transaction(String verb, String args) {
        switch (verb) {
            case "CAPA" -> capa();
            case "STAT" -> noArguments(verb, args, this::stat);
            case "LIST" -> list(args);
            case "UIDL" -> uidl(args);
            case "RETR" -> retr(args);
            case "TOP" -> top(args);
            case "DELE" -> dele(args);
            case "NOOP" -> noArguments(verb, args, () -> connection.reply("+OK"));
            case "RSET" -> noArguments(verb, args, this::rset);
            case "QUIT" -> quit();
            default -> unknown(verb);
        }
    }

    /**
     * RFC 2449. USER, SASL and STLS only make sense before login; LOGIN-DELAY is given in both
     * states (6.5: after login it may be the user's own value, here the same for everyone).
     */
    private void capa() {
        List<String> lines = new ArrayList<>(List.of("+OK Capability list follows", "CAPA", "TOP", "UIDL",
                "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE"));
        if (!service.settings().loginDelay().isZero()) {
            lines.add("LOGIN-DELAY " + loginDelaySeconds());
        }
        if (state == State.AUTHORIZATION) {
            if (connection.startTlsAvailable()) {
                lines.add("STLS");
            }
            boolean cleartext = settings.cleartextAllowed(connection);
            if (cleartext) {
                lines.add("USER");
            }
            List<String> mechanisms = service.authenticator().mechanisms(cleartext);
            if (!mechanisms.isEmpty()) {
                lines.add("SASL " + String.join(" ", mechanisms));
            }
        }
        lines.add("IMPLEMENTATION Colombier");
        lines.add(".");
        connection.reply(lines);
    }

    /** RFC 2595 4. */
    private void stls() {
        if (connection.tls()) {
            connection.reply("-ERR TLS is already active.");
        } else if (!connection.startTlsAvailable()) {
            connection.reply("-ERR TLS support isn't enabled.");
        } else {
            pendingUser = null;
            // anything pipelined behind STLS was sent in plaintext: never act on it
            held.clear();
            connection.startTls("+OK Begin TLS negotiation now.");
        }
    }

    private boolean refuseCleartext() {
        if (settings.cleartextAllowed(connection)) {
            return false;
        }
        connection.reply("-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.");
        return true;
    }

    private void user(String name) {
        if (refuseCleartext()) {
            return;
        }
        if (name.isEmpty()) {
            connection.reply("-ERR USER needs a user name.");
            return;
        }
        pendingUser = name;
        connection.reply("+OK");
    }

    private void pass(String password) {
        if (refuseCleartext()) {
            return;
        }
        if (pendingUser == null) {
            connection.reply("-ERR No username given.");
            return;
        }
        String name = pendingUser;
        pendingUser = null;
        await(service.authenticator().verifyPlain(request(name), password));
    }

    /** RFC 1939 7: {@code APOP name digest}, digest = MD5(timestamp + password) in lower-case hex. */
    private void apop(String args) {
        int space = args.lastIndexOf(' ');
        if (apopTimestamp == null) {
            connection.reply("-ERR APOP is not enabled.");
        } else if (space <= 0 || !args.substring(space + 1).matches("[0-9a-fA-F]{32}")) {
            connection.reply("-ERR APOP needs a user name and an MD5 digest.");
        } else {
            String name = args.substring(0, space).strip();
            byte[] digest = HexFormat.of().parseHex(args.substring(space + 1).toLowerCase(Locale.ROOT));
            String timestamp = apopTimestamp;
            await(service.authenticator().verifyCredentials(request(name), found -> Apop.check(found, timestamp, digest)));
        }
    }

    /** RFC 5034; without arguments, the mechanism list older clients ask for (as Dovecot answers it). */
    private void auth(String args) {
        boolean cleartext = settings.cleartextAllowed(connection);
        if (args.isEmpty()) {
            List<String> lines = new ArrayList<>();
            lines.add("+OK");
            lines.addAll(service.authenticator().mechanisms(cleartext));
            lines.add(".");
            connection.reply(lines);
            return;
        }
        int space = args.indexOf(' ');
        String mechanism = (space < 0 ? args : args.substring(0, space)).toUpperCase(Locale.ROOT);
        String initial = space < 0 ? null : args.substring(space + 1).strip();
        if (SaslMechanisms.isCleartext(mechanism) && service.authenticator().mechanisms(true).contains(mechanism)
                && refuseCleartext()) {
            return;
        }
        Optional<SaslServer> server = service.authenticator().sasl(mechanism, request(null), cleartext);
        if (server.isEmpty()) {
            connection.reply("-ERR Unsupported authentication mechanism.");
            return;
        }
        byte[] response = null;
        if (initial != null) {
            response = initial.equals("=") ? new byte[0] : base64(initial);
            if (response == null) {
                connection.reply("-ERR Invalid base64 data in initial response.");
                return;
            }
        }
        sasl = server.get();
        saslRequest = request(null);
        saslStep(response);
    }

    private void saslResponse(InputLine.Text line) {
        String text = line.text().strip();
        if (text.equals("*")) {
            sasl = null;
            connection.reply("-ERR Authentication aborted by client.");
            return;
        }
        byte[] response = line.containsNul() ? null : base64(text);
        if (response == null) {
            sasl = null;
            connection.reply("-ERR Invalid base64 data in continued response.");
            return;
        }
        saslStep(response);
    }

    /** One SASL step runs on the authenticator's pool (it may look up credentials). */
    private void saslStep(byte[] response) {
        SaslServer exchange = sasl;
        parked = true;
        service.authenticator().step(exchange, response).whenComplete((step, error) -> connection.runInSession(() -> {
            parked = false;
            if (error != null) {
                sasl = null;
                LOG.error("pop3: SASL step failed, session=<{}>", connection.id(), error);
                connection.counters().loginFailed();
                connection.reply("-ERR [SYS/TEMP] Temporary authentication failure.");
            } else if (step instanceof SaslStep.Challenge challenge) {
                connection.reply("+ " + Base64.getEncoder().encodeToString(challenge.data()));
            } else {
                sasl = null;
                await(service.authenticator().finish(saslRequest, step));
                return;
            }
            pump();
        }));
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private AuthRequest request(String name) {
        return new AuthRequest(name, "pop3", connection.remoteAddress(), connection.localAddress(),
                connection.tls() || connection.loopback());
    }

    /** After the authenticator answered: opens INBOX and enters TRANSACTION, or says why not. */
    private void loggedIn(LoginResult result) {
        if (result instanceof LoginResult.TemporaryFailure) {
            connection.counters().loginFailed();
            connection.reply("-ERR [SYS/TEMP] Temporary authentication failure.");
            return;
        }
        if (!(result instanceof LoginResult.Success ok)) {
            connection.counters().loginFailed();
            connection.reply("-ERR [AUTH] Authentication failed.");
            return;
        }
        if (ok.successData() != null) {
            // RFC 5034 4: the additional data of a success goes in a last challenge, answered empty
            successPending = ok;
            connection.reply("+ " + Base64.getEncoder().encodeToString(ok.successData()));
            return;
        }
        enterTransaction(ok);
    }

    private void successResponse(InputLine.Text line) {
        LoginResult.Success ok = successPending;
        successPending = null;
        if (line.bytes().length == 0) {
            enterTransaction(ok);
        } else {
            connection.reply("-ERR Authentication aborted by client.");
        }
    }

    /** The advertised LOGIN-DELAY: whole seconds, rounded up so a client never polls too soon. */
    private long loginDelaySeconds() {
        return (service.settings().loginDelay().toMillis() + 999) / 1000;
    }

    /**
     * Runs only with valid credentials, so a refusal for LOGIN-DELAY or IN-USE tells nothing to
     * someone guessing passwords. A refused login leaves the session in AUTHORIZATION.
     */
    private void enterTransaction(LoginResult.Success ok) {
        String name = ok.user().user();
        Pop3Settings pop3 = service.settings();
        long admittedAt = 0;
        if (!pop3.loginDelay().isZero()) {
            admittedAt = service.loginDelays().admit(name);
            if (admittedAt < 0) {
                connection.reply("-ERR [LOGIN-DELAY] Logins are allowed only every " + loginDelaySeconds() + " seconds.");
                return;
            }
        }
        if (pop3.lockSession() && !service.locks().tryLock(name)) {
            forgetLogin(name, admittedAt);
            connection.reply("-ERR [IN-USE] Mailbox is locked by another POP3 session.");
            return;
        }
        locked = pop3.lockSession();
        user = name;
        try {
            UserMailboxes mailboxes = service.mailUsers().open(ok.user(), "pop3");
            Mailbox inbox;
            try {
                inbox = mailboxes.open(MailboxPath.INBOX);
            } catch (StoreException | RuntimeException e) {
                mailboxes.close();
                throw e;
            }
            maildrop = Maildrop.open(mailboxes, inbox, pop3.uidlFormat(), pop3.deletedFlag());
        } catch (StoreException e) {
            unlock();
            forgetLogin(name, admittedAt);
            LOG.error("pop3: cannot open INBOX of {}: {}", name, e.getMessage());
            connection.reply("-ERR " + code(e.error()) + " Couldn't open INBOX: " + e.getMessage());
            return;
        }
        state = State.TRANSACTION;
        connection.loggedIn(name);
        connection.idleTimeout(pop3.sessionTimeout());
        connection.reply("+OK Logged in.");
    }

    /** A login that was refused after its LOGIN-DELAY admission does not count as the user's last. */
    private void forgetLogin(String name, long admittedAt) {
        if (!service.settings().loginDelay().isZero()) {
            service.loginDelays().forget(name, admittedAt);
        }
    }

    /** The one StoreError mapping of POP3 (RFC 2449 8, RFC 3206). */
    private static String code(StoreError error) {
        return switch (error) {
            case IN_USE -> "[IN-USE]";
            case TEMPORARY -> "[SYS/TEMP]";
            default -> "[SYS/PERM]";
        };
    }

    private void noArguments(String verb, String args, Runnable command) {
        if (args.isEmpty()) {
            command.run();
        } else {
            connection.reply("-ERR " + verb + " takes no arguments.");
        }
    }

    private void stat() {
        connection.reply("+OK " + maildrop.liveCount() + " " + maildrop.liveOctets());
    }

    private void list(String args) {
        if (!args.isEmpty()) {
            int number = messageNumber(args);
            if (number > 0) {
                connection.reply("+OK " + number + " " + maildrop.message(number).virtualSize());
            }
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add("+OK " + maildrop.liveCount() + " messages:");
        for (int n = 1; n <= maildrop.size(); n++) {
            if (!maildrop.isDeleted(n)) {
                lines.add(n + " " + maildrop.message(n).virtualSize());
                lines = flushIfFull(lines);
            }
        }
        lines.add(".");
        connection.reply(lines);
    }

    private void uidl(String args) {
        if (!args.isEmpty()) {
            int number = messageNumber(args);
            if (number > 0) {
                connection.reply("+OK " + number + " " + maildrop.uidl(number));
            }
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add("+OK");
        for (int n = 1; n <= maildrop.size(); n++) {
            if (!maildrop.isDeleted(n)) {
                lines.add(n + " " + maildrop.uidl(n));
                lines = flushIfFull(lines);
            }
        }
        lines.add(".");
        connection.reply(lines);
    }

    private List<String> flushIfFull(List<String> lines) {
        if (lines.size() < LINES_PER_WRITE) {
            return lines;
        }
        connection.reply(lines);
        return new ArrayList<>();
    }

    private void retr(String args) {
        int number = messageNumber(args);
        if (number > 0) {
            send(number, MultiLineEncoder.wholeMessage(), "+OK " + maildrop.message(number).virtualSize() + " octets",
                    () -> maildrop.markRetrieved(number));
        }
    }

    private void top(String args) {
        int space = args.indexOf(' ');
        if (space < 0) {
            connection.reply("-ERR TOP needs a message number and a number of lines.");
            return;
        }
        String lines = args.substring(space + 1).strip();
        if (!lines.matches("\\d{1,18}")) {
            connection.reply("-ERR Invalid number of lines: " + printable(lines));
            return;
        }
        int number = messageNumber(args.substring(0, space));
        if (number > 0) {
            send(number, MultiLineEncoder.top(Long.parseLong(lines)), "+OK", () -> { });
        }
    }

    /**
     * Streams one message; {@code sent} runs once all of it is written. Errors before the first
     * byte are a clean {@code -ERR}; a failure in mid-message cannot be reported inside the
     * response, so the connection is closed and the client sees an incomplete answer, never a
     * truncated one that looks whole. Commands pipelined behind wait until the response is out.
     */
    private void send(int number, MultiLineEncoder encoder, String firstLine, Runnable sent) {
        InputStream in;
        try {
            in = maildrop.open(number);
        } catch (StoreException e) {
            connection.reply(e.error() == StoreError.EXPUNGED || e.error() == StoreError.NOT_FOUND
                    ? "-ERR Message " + number + " was expunged by another session."
                    : "-ERR " + code(e.error()) + " Couldn't read message " + number + ".");
            return;
        }
        connection.reply(firstLine);
        transfer = new MessageTransfer(connection, in, encoder, number);
        whenSent = sent;
        parked = true;
        // no output for this long while the response waits means the client stopped reading: quiet()
        connection.keepalive(service.settings().writeTimeout());
        sendMore();
    }

    /**
     * Writes what the client keeps up with, then returns; the connection calls again once the
     * client caught up, so no worker waits for a slow or stalled client. The response counts as
     * sent, and pipelined commands go on, once all of it has gone out.
     */
    private void sendMore() {
        MessageTransfer sending = transfer;
        try {
            if (!sending.send(this::sendMore)) {
                return;
            }
        } catch (IOException e) {
            endTransfer();
            connection.close("Error reading message " + sending.number() + ": " + e.getMessage());
            return;
        }
        Runnable sent = whenSent;
        endTransfer();
        sent.run();
        parked = false;
        pump();
    }

    private void endTransfer() {
        if (transfer == null) {
            return;
        }
        try {
            transfer.close();
        } catch (IOException e) {
            LOG.warn("pop3: closing message {} of {} failed: {}", transfer.number(), user, e.getMessage());
        }
        transfer = null;
        whenSent = null;
        connection.keepalive(Duration.ZERO);
        if (inputHeld) {
            inputHeld = false;
            connection.holdInput(false);
        }
    }

    private void dele(String args) {
        int number = messageNumber(args);
        if (number > 0) {
            maildrop.delete(number);
            connection.reply("+OK Marked to be deleted.");
        }
    }

    private void rset() {
        maildrop.reset();
        connection.reply("+OK");
    }

    /** RFC 1939 6: the UPDATE state. */
    private void quit() {
        boolean deleting = maildrop.hasDeletions();
        try {
            commit(true);
        } catch (StoreException e) {
            connection.goodbye("-ERR " + code(e.error()) + " Couldn't update INBOX: " + e.getMessage(), "Update failed");
            return;
        }
        connection.goodbye(deleting ? "+OK Logging out, messages deleted." : "+OK Logging out.", "Logged out");
    }

    /** Ends the transaction once: \Seen for retrieved messages, deletions only when {@code expunge}. */
    private void commit(boolean expunge) throws StoreException {
        if (state != State.TRANSACTION) {
            return;
        }
        state = State.DONE;
        Pop3Settings pop3 = service.settings();
        try {
            maildrop.update(expunge, !pop3.noFlagUpdates(), pop3.deletedFlag());
        } finally {
            maildrop.close();
            unlock();
        }
    }

    private void unlock() {
        if (locked) {
            locked = false;
            service.locks().unlock(user);
        }
    }

    /**
     * Parses a message number as Dovecot does; answers the error itself and returns 0 when the
     * number is not valid or names a deleted message.
     */
    private int messageNumber(String text) {
        if (!text.matches("\\d+")) {
            connection.reply("-ERR Invalid message number: " + printable(text));
            return 0;
        }
        if (text.length() > 9) {
            connection.reply("-ERR Message number too large: " + printable(text));
            return 0;
        }
        int number = Integer.parseInt(text);
        if (!maildrop.exists(number)) {
            connection.reply("-ERR There's no message " + number + ".");
            return 0;
        }
        if (maildrop.isDeleted(number)) {
            connection.reply("-ERR Message is deleted.");
            return 0;
        }
        return number;
    }

    /** Client text echoed in an error, cut short and without control characters. */
    private static String printable(String text) {
        String cut = text.length() > 32 ? text.substring(0, 32) + "..." : text;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }

    private void unknown(String verb) {
        boolean printable = !verb.isEmpty() && verb.length() <= 16 && verb.chars().allMatch(c -> c >= 'A' && c <= 'Z');
        connection.reply(printable ? "-ERR Unknown command: " + verb : "-ERR Unknown command.");
    }

    private void tooLong(InputLine.TooLong line) {
        if (sasl != null || successPending != null) {
            sasl = null;
            successPending = null;
            connection.reply("-ERR Authentication failed: response too long.");
            return;
        }
        connection.reply("-ERR Line longer than " + line.limit() + " bytes.");
    }

    /** A client busy reading a long response is not idle; one that stopped reading meets the write timeout. */
    @Override
    public void idle() {
        if (transfer == null) {
            connection.goodbye("-ERR Disconnected for inactivity.", "Inactivity");
        }
    }

    /** Nothing went out for the write timeout during a transfer. */
    @Override
    public void quiet() {
        if (transfer != null && connection.writeStalled(service.settings().writeTimeout())) {
            connection.close("Client stopped reading (write timeout)");
        }
    }

    @Override
    public void shutdown() {
        if (transfer != null) {
            // a goodbye line now would land inside the message being sent
            connection.close("Server shutting down");
        } else {
            connection.goodbye("-ERR [SYS/TEMP] Server shutting down.", "Server shutting down");
        }
    }

    /** The connection is gone without QUIT: nothing is deleted, retrieved messages become \Seen. */
    @Override
    public void closed() {
        endTransfer();
        try {
            commit(false);
        } catch (StoreException e) {
            // the client is gone; the flags stay as they were, which loses no mail
            LOG.warn("pop3: could not set \\Seen for {} after a disconnect: {}", user, e.getMessage());
        }
    }
}

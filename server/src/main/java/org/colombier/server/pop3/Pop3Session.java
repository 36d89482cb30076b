package org.colombier.server.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.auth.sasl.SaslMechanisms;
import org.colombier.auth.sasl.SaslServer;
import org.colombier.auth.sasl.SaslStep;
import org.colombier.server.net.Connection;
import org.colombier.server.net.InputLine;
import org.colombier.server.net.ProtocolSession;
import org.colombier.server.net.SessionSettings;

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
    private static final int CHUNK = 64 * 1024;
    /** UIDL and LIST lines per write, so a 100,000-message listing is not one string. */
    private static final int LINES_PER_WRITE = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { AUTHORIZATION, TRANSACTION, DONE }

    private final Connection connection;
    private final SessionSettings settings;
    private final Pop3Service service;
    private State state = State.AUTHORIZATION;
    /** The APOP timestamp of the greeting, or null when APOP is not offered. */
    private String apopTimestamp;
    /** The name given by USER, waiting for PASS. */
    private String pendingUser;
    /** The SASL exchange waiting for the client's next line, if any. */
    private SaslServer sasl;
    private String user;
    private Maildrop maildrop;
    private boolean locked;

    public Pop3Session(Connection connection, SessionSettings settings, Pop3Service service) {
        this.connection = connection;
        this.settings = settings;
        this.service = service;
    }

    @Override
    public void start() {
        if (service.settings().apop() && service.authenticator().credentialsLookupPossible()) {
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

    /** RFC 2449. USER, SASL and STLS only make sense before login. */
    private void capa() {
        List<String> lines = new ArrayList<>(List.of("+OK Capability list follows", "CAPA", "TOP", "UIDL",
                "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE"));
        if (state == State.AUTHORIZATION) {
            if (connection.startTlsAvailable()) {
                lines.add("STLS");
            }
            boolean cleartext = settings.cleartextAllowed(connection);
            if (cleartext) {
                lines.add("USER");
            }
            List<String> mechanisms = saslMechanisms(cleartext);
            if (!mechanisms.isEmpty()) {
                lines.add("SASL " + String.join(" ", mechanisms));
            }
        }
        lines.add("IMPLEMENTATION Colombier");
        lines.add(".");
        connection.reply(lines);
    }

    /** The configured SASL mechanisms this connection may use now; PLAIN and LOGIN only where cleartext is allowed. */
    private List<String> saslMechanisms(boolean cleartext) {
        return service.settings().mechanisms().stream()
                .filter(m -> SaslMechanisms.NAMES.contains(m))
                .filter(m -> cleartext || !SaslMechanisms.isCleartext(m))
                .toList();
    }

    /** RFC 2595 4. */
    private void stls() {
        if (connection.tls()) {
            connection.reply("-ERR TLS is already active.");
        } else if (!connection.startTlsAvailable()) {
            connection.reply("-ERR TLS support isn't enabled.");
        } else {
            pendingUser = null;
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
        finishLogin(service.authenticator().verifyPlain(request(name), password), null);
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
            finishLogin(service.authenticator().verifyApop(request(name), apopTimestamp, digest), null);
        }
    }

    /** RFC 5034; without arguments, the mechanism list older clients ask for (as Dovecot answers it). */
    private void auth(String args) {
        boolean cleartext = settings.cleartextAllowed(connection);
        if (args.isEmpty()) {
            List<String> lines = new ArrayList<>();
            lines.add("+OK");
            lines.addAll(saslMechanisms(cleartext));
            lines.add(".");
            connection.reply(lines);
            return;
        }
        int space = args.indexOf(' ');
        String mechanism = (space < 0 ? args : args.substring(0, space)).toUpperCase(Locale.ROOT);
        String initial = space < 0 ? null : args.substring(space + 1).strip();
        if (!service.settings().mechanisms().contains(mechanism) || !SaslMechanisms.NAMES.contains(mechanism)) {
            connection.reply("-ERR Unsupported authentication mechanism.");
            return;
        }
        if (SaslMechanisms.isCleartext(mechanism) && refuseCleartext()) {
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
        sasl = service.authenticator().sasl(mechanism, request(null));
        saslStep(response);
    }

    private void saslResponse(InputLine.Text line) {
        String text = line.text().strip();
        if (text.equals("*")) {
            sasl = null;
            connection.reply("-ERR Authentication aborted by client.");
            return;
        }
        byte[] response = base64(text);
        if (response == null) {
            sasl = null;
            connection.reply("-ERR Invalid base64 data in continued response.");
            return;
        }
        saslStep(response);
    }

    private void saslStep(byte[] response) {
        SaslStep step = sasl.step(response);
        if (step instanceof SaslStep.Challenge challenge) {
            connection.reply("+ " + Base64.getEncoder().encodeToString(challenge.data()));
        } else if (step instanceof SaslStep.Done done) {
            sasl = null;
            finishLogin(done.result(), done.successData());
        } else {
            sasl = null;
            finishLogin(new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH), null);
        }
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

    /** After a successful authentication: opens INBOX and enters TRANSACTION. */
    private void finishLogin(AuthResult result, byte[] successData) {
        if (result instanceof AuthResult.TempFail) {
            connection.reply("-ERR [SYS/TEMP] Temporary authentication failure.");
            return;
        }
        if (!(result instanceof AuthResult.Ok ok)) {
            connection.reply("-ERR [AUTH] Authentication failed.");
            return;
        }
        if (service.settings().lockSession() && !service.locks().tryLock(ok.user())) {
            connection.reply("-ERR [IN-USE] Mailbox is locked by another POP3 session.");
            return;
        }
        locked = service.settings().lockSession();
        user = ok.user();
        try {
            UserMailboxes mailboxes = service.mailUsers().open(ok.user());
            Pop3Settings pop3 = service.settings();
            maildrop = Maildrop.open(mailboxes, mailboxes.open(MailboxPath.INBOX), pop3.uidlFormat(), pop3.deletedFlag());
        } catch (StoreException e) {
            unlock();
            connection.reply("-ERR " + code(e.error()) + " Couldn't open INBOX: " + e.getMessage());
            return;
        }
        state = State.TRANSACTION;
        connection.loggedIn(user, service.settings().sessionTimeout());
        if (successData != null) {
            connection.reply("+ " + Base64.getEncoder().encodeToString(successData));
        }
        connection.reply("+OK Logged in.");
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
            if (send(number, MultiLineEncoder.wholeMessage(), "+OK " + maildrop.message(number).virtualSize() + " octets")) {
                maildrop.markRetrieved(number);
            }
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
            send(number, MultiLineEncoder.top(Long.parseLong(lines)), "+OK");
        }
    }

    /**
     * Streams one message in chunks. Errors before the first byte are a clean {@code -ERR}; a
     * failure in mid-message cannot be reported inside the response, so the connection is closed
     * and the client sees an incomplete answer, never a truncated one that looks whole.
     */
    private boolean send(int number, MultiLineEncoder encoder, String firstLine) {
        InputStream in;
        try {
            in = maildrop.open(number);
        } catch (StoreException e) {
            connection.reply(e.error() == StoreError.EXPUNGED || e.error() == StoreError.NOT_FOUND
                    ? "-ERR Message " + number + " was expunged by another session."
                    : "-ERR " + code(e.error()) + " Couldn't read message " + number + ".");
            return false;
        }
        try (in) {
            connection.reply(firstLine);
            byte[] buffer = new byte[CHUNK];
            byte[] out = new byte[MultiLineEncoder.maxOutput(CHUNK)];
            int read;
            while (!encoder.complete() && (read = in.read(buffer)) > 0) {
                int n = encoder.encode(buffer, 0, read, out);
                if (n > 0 && !connection.writeBytes(out, n, service.settings().writeTimeout())) {
                    connection.close("Client stopped reading a message");
                    return false;
                }
            }
            int n = encoder.finish(out);
            return connection.writeBytes(out, n, service.settings().writeTimeout());
        } catch (IOException e) {
            connection.close("Error reading message " + number + ": " + e.getMessage());
            return false;
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

    @Override
    public void lineTooLong(InputLine.TooLong line) {
        if (sasl != null) {
            sasl = null;
            connection.reply("-ERR Authentication failed: response too long.");
            return;
        }
        connection.reply("-ERR Line longer than " + line.limit() + " bytes.");
    }

    @Override
    public void idle() {
        connection.goodbye("-ERR Disconnected for inactivity.", "Inactivity");
    }

    @Override
    public void shutdown() {
        connection.goodbye("-ERR [SYS/TEMP] Server shutting down.", "Server shutting down");
    }

    /** The connection is gone without QUIT: nothing is deleted, retrieved messages become \Seen. */
    @Override
    public void closed() {
        try {
            commit(false);
        } catch (StoreException e) {
            // the client is gone; the flags stay as they were, which loses no mail
        }
    }
}

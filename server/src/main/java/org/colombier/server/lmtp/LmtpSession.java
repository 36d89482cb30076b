package org.colombier.server.lmtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import org.colombier.api.storage.StoreError;
import org.colombier.server.delivery.Delivery;
import org.colombier.server.delivery.DeliveryResult;
import org.colombier.server.delivery.Envelope;
import org.colombier.server.delivery.Recipient;
import org.colombier.server.delivery.RecipientCheck;
import org.colombier.server.net.Connection;
import org.colombier.server.net.InputBytes;
import org.colombier.server.net.ProtocolCounters;
import org.colombier.server.net.ProtocolSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An LMTP connection (RFC 2033): LHLO, MAIL, RCPT, DATA, BDAT (RFC 3030), RSET, NOOP, VRFY, QUIT
 * and STARTTLS (RFC 3207). Each RCPT is checked against the userdb at once; after the message,
 * each accepted recipient gets its own reply, in RCPT order, sent only once its copy is durably
 * stored. Runs on the connection's worker; delivery blocks there, never on an I/O thread.
 */
public final class LmtpSession implements ProtocolSession, LmtpInput.Handler {
    private static final Logger LOG = LoggerFactory.getLogger("lmtp");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The commands counted for {@code stats dump} ({@code lmtp_command_RCPT}); others are unknown. */
    private static final Set<String> COMMANDS = Set.of("LHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "NOOP", "VRFY",
            "QUIT", "STARTTLS");

    private final Connection connection;
    private final LmtpSettings settings;
    private final Delivery delivery;
    private final LmtpInput input;
    private final DeliveryCounters counted;
    /** The LHLO name; null until LHLO (and again after STARTTLS, as RFC 3207 requires). */
    private String clientName;
    private Transaction transaction;
    /** The BDAT command whose chunk is being read, or null while reading DATA or commands. */
    private Chunk chunk;

    /** One mail transaction, from MAIL to the end of its message or RSET. */
    private static final class Transaction {
        final String mailFrom;
        final List<Recipient> recipients = new ArrayList<>();
        MessageSpool spool;
        /** BDAT was used; DATA is then refused until RSET. */
        boolean chunking;
        /** A BDAT of this transaction was refused: the rest of its chunks are read and refused too. */
        boolean chunkingFailed;

        Transaction(String mailFrom) {
            this.mailFrom = mailFrom;
        }
    }

    private record Chunk(long size, boolean last, String refusal) {
    }

    /**
     * Per-recipient outcomes after the message, for {@code stats dump}: by reply class
     * ({@code lmtp_deliveries_ok}, {@code _tempfail}, {@code _permfail}), bytes stored, and what
     * the recipient's Sieve rules did instead of storing ({@code _discarded}, {@code _rejected} by ereject).
     */
    private record DeliveryCounters(LongAdder ok, LongAdder tempfail, LongAdder permfail, LongAdder bytes,
                                    LongAdder discarded, LongAdder rejected) {
        static DeliveryCounters of(ProtocolCounters c) {
            return new DeliveryCounters(c.counter("deliveries_ok"), c.counter("deliveries_tempfail"),
                    c.counter("deliveries_permfail"), c.counter("delivered_bytes"), c.counter("deliveries_discarded"),
                    c.counter("deliveries_rejected"));
        }
    }

    public LmtpSession(Connection connection, LmtpSettings settings, Delivery delivery) {
        this.connection = connection;
        this.settings = settings;
        this.delivery = delivery;
        this.input = new LmtpInput(settings.maxLineLength());
        this.counted = DeliveryCounters.of(connection.counters());
    }

    @Override
    public void start() {
        connection.reply("220 " + settings.hostname() + " Colombier LMTP ready");
    }

    @Override
    public void received(InputBytes bytes) {
        input.feed(bytes.bytes(), this);
    }

    @Override
    public void line(byte[] bytes) {
        if (connection.closing()) {
            return;
        }
        for (byte b : bytes) {
            if (b == 0) {
                connection.reply("500 5.5.2 NUL bytes are not allowed in commands");
                return;
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int space = text.indexOf(' ');
        String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : text.substring(space + 1).trim();
        if (COMMANDS.contains(verb)) {
            connection.counters().command(verb);
        }
        switch (verb) {
            case "LHLO" -> lhlo(argument);
            case "MAIL" -> mail(argument);
            case "RCPT" -> rcpt(argument);
            case "DATA" -> data(argument);
            case "BDAT" -> bdat(argument);
            case "RSET" -> {
                reset();
                connection.reply("250 2.0.0 OK");
            }
            case "NOOP" -> connection.reply("250 2.0.0 OK");
            case "VRFY" -> connection.reply("252 2.3.3 Try RCPT instead");
            case "QUIT" -> {
                reset();
                connection.goodbye("221 2.0.0 " + settings.hostname() + " closing connection", "Client has quit the connection");
            }
            case "STARTTLS" -> startTls(argument);
            case "HELO", "EHLO" -> connection.reply("500 5.5.1 This is LMTP: use LHLO");
            default -> connection.reply("502 5.5.2 Unknown command");
        }
    }

    @Override
    public void lineTooLong() {
        if (!connection.closing()) {
            connection.reply("500 5.5.2 Line too long");
        }
    }

    private void lhlo(String domain) {
        if (domain.isEmpty()) {
            connection.reply("501 5.5.4 LHLO requires a domain name");
            return;
        }
        reset();
        clientName = domain;
        List<String> extensions = new ArrayList<>(List.of("PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES", "CHUNKING",
                "SIZE " + settings.maxMessageSize(), "SMTPUTF8"));
        if (connection.startTlsAvailable()) {
            extensions.add("STARTTLS");
        }
        List<String> lines = new ArrayList<>();
        lines.add("250-" + settings.hostname());
        for (int i = 0; i < extensions.size(); i++) {
            lines.add((i == extensions.size() - 1 ? "250 " : "250-") + extensions.get(i));
        }
        connection.reply(lines);
    }

    private void mail(String argument) {
        if (clientName == null) {
            connection.reply("503 5.5.1 LHLO first");
            return;
        }
        if (transaction != null) {
            connection.reply("503 5.5.1 MAIL already given");
            return;
        }
        PathArgument path;
        try {
            path = PathArgument.parse(argument, "FROM");
        } catch (PathArgument.SyntaxError e) {
            connection.reply("501 5.5.4 " + e.getMessage());
            return;
        }
        for (Map.Entry<String, String> parameter : path.parameters().entrySet()) {
            String value = parameter.getValue();
            switch (parameter.getKey()) {
                case "SIZE" -> {
                    long size;
                    try {
                        size = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        connection.reply("501 5.5.4 Invalid SIZE parameter");
                        return;
                    }
                    if (size > settings.maxMessageSize()) {
                        connection.reply("552 5.3.4 Message too big for system");
                        return;
                    }
                }
                case "BODY" -> {
                    if (!value.equalsIgnoreCase("7BIT") && !value.equalsIgnoreCase("8BITMIME")) {
                        connection.reply("501 5.5.4 Unsupported BODY parameter");
                        return;
                    }
                }
                case "SMTPUTF8" -> {
                    if (!value.isEmpty()) {
                        connection.reply("501 5.5.4 SMTPUTF8 takes no value");
                        return;
                    }
                }
                default -> {
                    connection.reply("555 5.5.4 Unsupported parameter " + parameter.getKey());
                    return;
                }
            }
        }
        transaction = new Transaction(path.address());
        connection.reply("250 2.1.0 OK");
    }

    private void rcpt(String argument) {
        if (transaction == null) {
            connection.reply("503 5.5.1 MAIL needed first");
            return;
        }
        PathArgument path;
        try {
            path = PathArgument.parse(argument, "TO");
        } catch (PathArgument.SyntaxError e) {
            connection.reply("501 5.5.4 " + e.getMessage());
            return;
        }
        if (!path.parameters().isEmpty()) {
            connection.reply("555 5.5.4 Unsupported parameter " + path.parameters().keySet().iterator().next());
            return;
        }
        String address = path.address();
        if (address.isEmpty()) {
            connection.reply("501 5.5.4 Invalid TO: Empty path not allowed");
            return;
        }
        if (transaction.recipients.size() >= settings.maxRecipients()) {
            connection.reply("452 4.5.3 Too many recipients");
            return;
        }
        RecipientCheck check = delivery.check(address);
        if (check instanceof RecipientCheck.Accepted accepted) {
            transaction.recipients.add(accepted.recipient());
            connection.reply("250 2.1.5 OK");
        } else if (check instanceof RecipientCheck.UnknownUser) {
            connection.reply("550 5.1.1 <" + address + ">: User doesn't exist");
        } else if (check instanceof RecipientCheck.OverQuota over) {
            connection.reply("552 5.2.2 <" + address + ">: " + over.message());
        } else {
            connection.reply("451 4.3.0 <" + address + ">: Temporary user lookup failure");
        }
    }

    private void data(String argument) {
        String refusal = refusal();
        if (!argument.isEmpty()) {
            connection.reply("501 5.5.4 DATA takes no parameters");
        } else if (refusal != null) {
            connection.reply(refusal);
        } else if (transaction.chunking) {
            connection.reply("503 5.5.1 DATA cannot be used with BDAT");
        } else {
            transaction.spool = newSpool();
            input.startData();
            connection.reply("354 OK");
        }
    }

    private void bdat(String argument) {
        String[] words = argument.split(" +");
        boolean last = words.length == 2 && words[1].equalsIgnoreCase("LAST");
        long size;
        try {
            size = Long.parseLong(words[0]);
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 0 || words.length > 2 || (words.length == 2 && !last)) {
            // the chunk cannot be framed: what follows is read as commands, as in Postfix
            connection.reply("501 5.5.4 Invalid BDAT parameters");
            return;
        }
        String refusal = refusal();
        if (refusal == null && transaction.chunkingFailed) {
            refusal = "503 5.5.1 Previous BDAT failed";
        }
        if (refusal == null && transaction.spool == null) {
            transaction.chunking = true;
            transaction.spool = newSpool();
        }
        if (refusal != null && transaction != null) {
            transaction.chunkingFailed = true;
        }
        boolean continuation = refusal == null && transaction.spool.size() > 0;
        chunk = new Chunk(size, last, refusal);
        input.startChunk(size, continuation);
        if (size == 0) {
            bodyEnd();
        }
    }

    /** Why the message cannot be sent now, or null. */
    private String refusal() {
        if (transaction == null) {
            return clientName == null ? "503 5.5.1 LHLO first" : "503 5.5.1 MAIL needed first";
        }
        if (transaction.recipients.isEmpty()) {
            return "554 5.5.1 No valid recipients";
        }
        return null;
    }

    private MessageSpool newSpool() {
        return new MessageSpool(settings.spoolDirectory(), settings.spoolMemory(), settings.maxMessageSize());
    }

    @Override
    public void body(byte[] bytes, int offset, int length) {
        if (transaction == null || transaction.spool == null || (chunk != null && chunk.refusal() != null)) {
            return;
        }
        try {
            transaction.spool.write(bytes, offset, length);
        } catch (IOException e) {
            LOG.error("lmtp: session=<{}>: cannot spool message: {}", connection.id(), e.getMessage());
            transaction.spool.close();
            transaction.spool = null;
        }
    }

    @Override
    public void bodyEnd() {
        Chunk ended = chunk;
        chunk = null;
        if (connection.closing()) {
            return;
        }
        if (ended != null && ended.refusal() != null) {
            connection.reply(ended.refusal());
            return;
        }
        if (ended != null && !ended.last()) {
            if (transaction.spool == null) {
                connection.reply("451 4.3.0 Temporary failure spooling the message");
                transaction.chunkingFailed = true;
            } else {
                connection.reply("250 2.0.0 OK " + ended.size() + " octets received");
            }
            return;
        }
        finishMessage();
    }

    /**
     * The message is complete: deliver it to each recipient and answer for each, in order, each
     * reply as soon as that recipient's copy is on disk (an MTA's timeout runs per reply).
     */
    private void finishMessage() {
        Transaction t = transaction;
        transaction = null;
        MessageSpool spool = t.spool;
        try {
            if (spool == null) {
                t.recipients.forEach(r -> answer("451 4.3.0 <" + r.address() + ">: Temporary failure spooling the message"));
                return;
            }
            if (spool.tooBig()) {
                t.recipients.forEach(r -> answer("552 5.3.4 <" + r.address() + ">: Message too big"));
                return;
            }
            try {
                spool.finish();
            } catch (IOException e) {
                LOG.error("lmtp: session=<{}>: cannot spool message: {}", connection.id(), e.getMessage());
                t.recipients.forEach(r -> answer("451 4.3.0 <" + r.address() + ">: Temporary failure spooling the message"));
                return;
            }
            Envelope envelope = new Envelope(t.mailFrom, clientName, connection.remoteAddress(), connection.id(),
                    transactionId(), Instant.now());
            for (Recipient recipient : t.recipients) {
                DeliveryResult result = delivery.deliver(envelope, recipient, spool);
                if (result instanceof DeliveryResult.Saved saved && saved.mailboxes().isEmpty()) {
                    counted.discarded().increment();
                } else if (result instanceof DeliveryResult.Saved) {
                    counted.bytes().add(spool.size());
                } else if (result instanceof DeliveryResult.Refused) {
                    counted.rejected().increment();
                }
                answer(reply(recipient, envelope, result));
            }
        } finally {
            if (spool != null) {
                spool.close();
            }
        }
    }

    /** Sends one recipient's reply after the message, counted by its class (2xx, 4xx, 5xx). */
    private void answer(String reply) {
        switch (reply.charAt(0)) {
            case '2' -> counted.ok().increment();
            case '4' -> counted.tempfail().increment();
            default -> counted.permfail().increment();
        }
        connection.reply(reply);
    }

    /** One recipient's reply after the message; storage errors map to LMTP codes here and only here. */
    private static String reply(Recipient recipient, Envelope envelope, DeliveryResult result) {
        String rcpt = "<" + recipient.address() + ">";
        if (result instanceof DeliveryResult.Saved) {
            return "250 2.0.0 " + rcpt + " " + envelope.transactionId() + " Saved";
        }
        if (result instanceof DeliveryResult.Refused refused) {
            return "550 5.7.1 " + rcpt + ": " + refused.reason().replaceAll("[\\r\\n]+", " ");
        }
        DeliveryResult.Failed failed = (DeliveryResult.Failed) result;
        return switch (failed.error()) {
            case OVER_QUOTA -> "552 5.2.2 " + rcpt + ": " + failed.message();
            case TOO_BIG -> "552 5.3.4 " + rcpt + ": Message too big";
            case IN_USE -> "451 4.3.0 " + rcpt + ": " + failed.message();
            default -> "451 4.2.0 " + rcpt + ": Temporary internal error";
        };
    }

    private static String transactionId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    private void reset() {
        if (transaction != null && transaction.spool != null) {
            transaction.spool.close();
        }
        transaction = null;
    }

    private void startTls(String argument) {
        if (!argument.isEmpty()) {
            connection.reply("501 5.5.4 STARTTLS takes no parameters");
        } else if (connection.tls()) {
            connection.reply("503 5.5.1 TLS is already active");
        } else if (!connection.startTlsAvailable()) {
            connection.reply("454 4.7.0 TLS not available");
        } else if (clientName == null) {
            connection.reply("503 5.5.1 LHLO first");
        } else {
            reset();
            clientName = null;
            // anything pipelined after STARTTLS in plaintext is never acted on
            input.discardPending();
            connection.startTls("220 2.0.0 Ready to start TLS");
        }
    }

    @Override
    public void idle() {
        reset();
        connection.goodbye("421 4.4.2 " + settings.hostname() + " Disconnected for inactivity", "Inactivity");
    }

    /**
     * Runs after any delivery in progress (events are ordered), so nothing is half-written; a
     * message still being received is dropped unanswered and the MTA retries it.
     */
    @Override
    public void shutdown() {
        reset();
        connection.goodbye("421 4.3.2 " + settings.hostname() + " Server shutting down", "Server shutting down");
    }

    /** The connection went away: the spooled message, if any, is dropped. */
    @Override
    public void closed() {
        reset();
    }
}

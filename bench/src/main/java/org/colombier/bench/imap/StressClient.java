package org.colombier.bench.imap;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.zip.CRC32;

import org.colombier.bench.Messages;
import org.colombier.bench.report.Stats;

/**
 * One imaptest-like client: connect, LOGIN, SELECT INBOX, check its own messages are all there,
 * then a random mix of FETCH (metadata and bodies), STORE, APPEND and UID EXPUNGE, then LOGOUT and
 * start over until the run ends. It only changes flags of and expunges messages it appended, so it
 * knows their exact state and every response is checked against {@link MailboxState}.
 */
public final class StressClient implements NioDriver.Handler {
    /** Upper bound on messages one client keeps in the mailbox; beyond it APPEND turns into EXPUNGE. */
    static final int MAX_OWN = 20;
    private static final String[] STORE_FLAGS = {"\\Seen", "\\Flagged", "\\Answered", "$Bench"};

    private record Command(String name, String tag, long start, List<FetchData> fetches, Consumer<ImapResponse> done) {
    }

    private final int id;
    private final String user;
    private final String password;
    private final NioDriver driver;
    private final InetSocketAddress address;
    private final Stats stats;
    private final BooleanSupplier stopping;
    private final Random random;
    private final MailboxState state;
    private NioDriver.Connection connection;
    private Command current;
    /** The FETCH responses that arrived while the last completed command ran. */
    private List<FetchData> lastFetches = List.of();
    private byte[] pendingLiteral;
    private int tags;
    private int opsLeft;
    private long connectStart;
    private boolean loggingOut;
    private boolean finished;
    private boolean gaveUp;

    public StressClient(int id, String user, String password, NioDriver driver, InetSocketAddress address,
            Stats stats, BooleanSupplier stopping, long seed) {
        this.id = id;
        this.user = user;
        this.password = password;
        this.driver = driver;
        this.address = address;
        this.stats = stats;
        this.stopping = stopping;
        this.random = new Random(seed);
        this.state = new MailboxState(message -> stats.error(current == null ? "check" : current.name(), message));
    }

    public boolean finished() {
        return finished;
    }

    public void start() {
        connectStart = System.nanoTime();
        loggingOut = false;
        driver.connect(address, this);
    }

    @Override
    public void connected(NioDriver.Connection c) {
        connection = c;
    }

    @Override
    public void response(NioDriver.Connection c, ImapResponse response) {
        if (response.isContinuation()) {
            if (pendingLiteral == null) {
                stats.error(current == null ? "greeting" : current.name(), "unexpected continuation: " + response.text());
                return;
            }
            byte[] literal = pendingLiteral;
            pendingLiteral = null;
            c.send(literal);
            c.send("");
            return;
        }
        if (response.isUntagged()) {
            untagged(response);
            return;
        }
        Command command = current;
        if (command == null || !command.tag().equals(response.tag())) {
            stats.error("check", "tagged response for no running command: " + response.text());
            return;
        }
        current = null;
        lastFetches = command.fetches();
        stats.record(command.name(), System.nanoTime() - command.start());
        if (!response.isOk() && !expungeIssued(response)) {
            stats.error(command.name(), response.text());
        }
        command.done().accept(response);
    }

    private void untagged(ImapResponse response) {
        if (connectStart != 0) {
            stats.record("connect", System.nanoTime() - connectStart);
            connectStart = 0;
            if (!response.text().startsWith("* OK")) {
                stats.error("connect", "greeting: " + response.text());
                connection.close();
                return;
            }
            login();
            return;
        }
        if (response.text().startsWith("* BYE") && !loggingOut) {
            stats.error(current == null ? "check" : current.name(), "unexpected " + response.text());
            return;
        }
        FetchData data = state.apply(response);
        if (data != null && current != null) {
            current.fetches().add(data);
        }
    }

    @Override
    public void closed(NioDriver.Connection c, Exception cause) {
        state.deselected();
        current = null;
        pendingLiteral = null;
        if (!loggingOut) {
            stats.error("connection", "connection lost" + (cause == null ? "" : ": " + cause));
        }
        if (stopping.getAsBoolean() || gaveUp) {
            finished = true;
        } else {
            start();
        }
    }

    private void send(String name, String arguments, Consumer<ImapResponse> done) {
        String tag = "c" + id + "." + (++tags);
        current = new Command(name, tag, System.nanoTime(), new ArrayList<>(), done);
        connection.send(tag + " " + arguments);
    }

    private void login() {
        send("LOGIN", "LOGIN " + quote(user) + " " + quote(password), r -> {
            if (!r.isOk()) {
                // A refused login would refuse again: this client stops rather than spin.
                gaveUp = true;
                logout();
                return;
            }
            state.selected();
            send("SELECT", "SELECT INBOX", this::selected);
        });
    }

    private void selected(ImapResponse r) {
        if (!r.isOk()) {
            logout();
            return;
        }
        opsLeft = 5 + random.nextInt(16);
        if (state.own().isEmpty()) {
            next();
            return;
        }
        send("UID FETCH own (FLAGS)", "UID FETCH " + uidSet(state.own().keySet()) + " (UID FLAGS)", done -> {
            Set<Long> returned = new HashSet<>();
            lastFetches.forEach(f -> returned.add(f.uid()));
            state.checkAllOwnPresent(returned);
            next();
        });
    }

    private void next() {
        if (stopping.getAsBoolean() || opsLeft-- <= 0) {
            logout();
            return;
        }
        int pick = random.nextInt(100);
        boolean haveOwn = !state.own().isEmpty();
        if (pick < 30 && state.exists() > 0) {
            fetchMetadata();
        } else if (pick < 50 && haveOwn) {
            fetchBody();
        } else if (pick < 70 && haveOwn) {
            store();
        } else if (pick < 85 && state.own().size() < MAX_OWN || !haveOwn) {
            append();
        } else {
            expunge();
        }
    }

    private void fetchMetadata() {
        int from = Math.max(1, state.exists() - 19);
        send("FETCH meta", "FETCH " + from + ":* (UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE)", r -> {
            // Unsolicited FETCH (FLAGS) of other sessions' changes may interleave; the replies carry ENVELOPE.
            List<FetchData> replies = lastFetches.stream().filter(FetchData::envelope).toList();
            for (FetchData f : replies) {
                if (f.uid() == FetchData.ABSENT || f.flags() == null || f.size() == FetchData.ABSENT) {
                    stats.error("FETCH meta", "FETCH " + f.seq() + " lacks some of UID FLAGS RFC822.SIZE: " + f);
                }
            }
            if (replies.isEmpty() && r.isOk()) {
                stats.error("FETCH meta", "FETCH " + from + ":* returned no message");
            }
            next();
        });
    }

    private void fetchBody() {
        long uid = randomOwn();
        send("FETCH body", "UID FETCH " + uid + " (UID BODY.PEEK[])", r -> {
            if (r.isOk() && lastFetches.stream().noneMatch(f -> f.uid() == uid && f.body() != null)) {
                stats.error("FETCH body", "message UID " + uid + " is missing: no BODY[] returned");
            }
            next();
        });
    }

    private void store() {
        long uid = randomOwn();
        String flag = STORE_FLAGS[random.nextInt(STORE_FLAGS.length)];
        boolean add = random.nextBoolean();
        Set<String> before = Set.copyOf(state.own().get(uid).flags);
        Set<String> expected = new TreeSet<>(before);
        if (add) {
            expected.add(flag);
        } else {
            expected.remove(flag);
        }
        state.changing(uid);
        send("STORE", "UID STORE " + uid + (add ? " +FLAGS (" : " -FLAGS (") + flag + ")", r -> {
            if (r.isOk()) {
                FetchData reply = lastFetches.stream().filter(f -> f.uid() == uid && f.flags() != null).reduce((a, b) -> b).orElse(null);
                if (reply == null) {
                    // Dovecot, like imaptest allows, sends no FETCH when the flags did not change.
                    if (!expected.equals(before)) {
                        stats.error("STORE", "no FETCH with the new FLAGS of UID " + uid);
                    }
                } else {
                    Set<String> got = new TreeSet<>(reply.flags());
                    got.remove("\\Recent");
                    if (!got.equals(expected)) {
                        stats.error("STORE", "UID " + uid + " has flags " + got + " after STORE, expected " + expected);
                    }
                }
                state.changed(uid, expected);
            } else {
                state.changed(uid, state.own().get(uid).flags);
            }
            next();
        });
    }

    private void append() {
        int size = 1024 + random.nextInt(15 * 1024);
        String messageId = "c" + id + "-" + System.nanoTime();
        byte[] message = Messages.generate(messageId, "bench " + Messages.subjectWord(random), size, random);
        Set<String> flags = random.nextInt(4) == 0 ? Set.of("\\Seen") : Set.of();
        CRC32 crc = new CRC32();
        crc.update(message);
        pendingLiteral = message;
        send("APPEND", "APPEND INBOX (" + String.join(" ", flags) + ") {" + message.length + "}", r -> {
            if (r.isOk()) {
                String code = r.code();
                String[] parts = code == null ? new String[0] : code.split(" ");
                if (parts.length == 3 && parts[0].equalsIgnoreCase("APPENDUID")) {
                    state.appended(Long.parseLong(parts[2]), message.length, crc.getValue(), flags);
                } else {
                    stats.error("APPEND", "no [APPENDUID] in: " + r.text());
                }
            }
            next();
        });
    }

    private void expunge() {
        long uid = randomOwn();
        state.changing(uid);
        send("STORE", "UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)", stored -> {
            int seq = state.seqOf(uid);
            send("EXPUNGE", "UID EXPUNGE " + uid, r -> {
                if (r.isOk() && seq > 0 && state.seqOf(uid) > 0) {
                    stats.error("EXPUNGE", "UID " + uid + " still in the mailbox after UID EXPUNGE");
                }
                state.expunged(uid);
                next();
            });
        });
    }

    private void logout() {
        loggingOut = true;
        send("LOGOUT", "LOGOUT", r -> connection.close());
    }

    private long randomOwn() {
        List<Long> uids = new ArrayList<>(state.own().keySet());
        return uids.get(random.nextInt(uids.size()));
    }

    /**
     * {@code NO [EXPUNGEISSUED]}: the command touched a message another session expunged (RFC 5530);
     * a correct answer under concurrent EXPUNGE, not an error.
     */
    static boolean expungeIssued(ImapResponse response) {
        String code = response.code();
        return "NO".equals(response.status()) && code != null && code.toUpperCase(java.util.Locale.ROOT).startsWith("EXPUNGEISSUED");
    }

    static String uidSet(Set<Long> uids) {
        StringBuilder out = new StringBuilder();
        for (Long uid : new TreeSet<>(uids)) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(uid);
        }
        return out.toString();
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

package org.colombier.server.pop3;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxStatus;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.api.storage.UserMailboxes;

/**
 * A POP3 session's view of INBOX (RFC 1939 TRANSACTION state): the messages as they were at
 * login, numbered 1..n in UID order, with their sizes and UIDLs, plus the session's marks.
 * Mail delivered later shows up in the next session; nothing is written until {@link #update}.
 */
final class Maildrop implements AutoCloseable {
    /** The cache field under which a message's header MD5 (UIDL {@code %m}) is kept. */
    static final String HEADER_MD5_FIELD = "pop3.header-md5";

    private final UserMailboxes mailboxes;
    private final Mailbox inbox;
    private final List<MessageInfo> messages;
    private final List<String> uidls;
    private final BitSet deleted = new BitSet();
    private final BitSet retrieved = new BitSet();
    private long deletedSize;

    private Maildrop(UserMailboxes mailboxes, Mailbox inbox, List<MessageInfo> messages, List<String> uidls) {
        this.mailboxes = mailboxes;
        this.inbox = inbox;
        this.messages = messages;
        this.uidls = uidls;
    }

    /**
     * Takes the snapshot of {@code inbox}, and from now on closes it and {@code mailboxes}. Messages carrying {@code hiddenKeyword} ({@code pop3_deleted_flag}) are
     * left out, as in Dovecot. A message's stored POP3 UIDL (migrated mail) wins over the format.
     */
    static Maildrop open(UserMailboxes mailboxes, Mailbox inbox, UidlFormat format, String hiddenKeyword)
            throws StoreException {
        try {
            return snapshot(mailboxes, inbox, format, hiddenKeyword);
        } catch (StoreException | RuntimeException e) {
            inbox.close();
            mailboxes.close();
            throw e;
        }
    }

    private static Maildrop snapshot(UserMailboxes mailboxes, Mailbox inbox, UidlFormat format, String hiddenKeyword)
            throws StoreException {
        MailboxStatus status = inbox.status();
        List<MessageInfo> visible = new ArrayList<>();
        for (MessageInfo m : inbox.messages(UidSet.all())) {
            if (hiddenKeyword == null || !m.flags().hasKeyword(hiddenKeyword)) {
                visible.add(m);
            }
        }
        List<String> uidls = new ArrayList<>(visible.size());
        for (MessageInfo m : visible) {
            if (m.pop3Uidl() != null && !m.pop3Uidl().isEmpty()) {
                uidls.add(m.pop3Uidl());
            } else {
                String md5 = format.needsMd5() ? headerMd5(inbox, m.uid()) : null;
                // %f: Dovecot's Maildir file name without the info part is what the Maildir store
                // reports as the GUID (unless the uidlist names another); the interop test checks both
                uidls.add(format.format(new UidlFormat.Values(m.uid(), status.uidValidity(), md5, m.guid(), m.guid())));
            }
        }
        return new Maildrop(mailboxes, inbox, List.copyOf(visible), List.copyOf(uidls));
    }

    /** MD5 of the header (up to the blank line), cached in the store after the first computation. */
    private static String headerMd5(Mailbox inbox, long uid) throws StoreException {
        Optional<byte[]> cached = inbox.cached(uid, HEADER_MD5_FIELD);
        if (cached.isPresent()) {
            return new String(cached.get(), StandardCharsets.US_ASCII);
        }
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
        try (InputStream in = new BufferedInputStream(inbox.openMessage(uid))) {
            int previous = -1;
            int beforePrevious = -1;
            int b;
            while ((b = in.read()) >= 0) {
                md5.update((byte) b);
                if (b == '\n' && (previous == '\n' || previous == '\r' && beforePrevious == '\n')) {
                    break;
                }
                beforePrevious = previous;
                previous = b;
            }
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "Cannot read message " + uid, e);
        }
        String hex = HexFormat.of().formatHex(md5.digest());
        inbox.cache(uid, HEADER_MD5_FIELD, hex.getBytes(StandardCharsets.US_ASCII));
        return hex;
    }

    /** The number of messages at login, deleted ones included: valid message numbers are 1..this. */
    int size() {
        return messages.size();
    }

    int liveCount() {
        return messages.size() - deleted.cardinality();
    }

    long liveOctets() {
        long total = 0;
        for (MessageInfo m : messages) {
            total += m.virtualSize();
        }
        return total - deletedSize;
    }

    boolean exists(int number) {
        return number >= 1 && number <= messages.size();
    }

    boolean isDeleted(int number) {
        return deleted.get(number - 1);
    }

    MessageInfo message(int number) {
        return messages.get(number - 1);
    }

    String uidl(int number) {
        return uidls.get(number - 1);
    }

    void delete(int number) {
        if (!deleted.get(number - 1)) {
            deleted.set(number - 1);
            deletedSize += message(number).virtualSize();
        }
    }

    /** RSET: unmarks every deletion. */
    void reset() {
        deleted.clear();
        deletedSize = 0;
    }

    /** RETR sets {@code \Seen} at the end of the session (unless {@code pop3_no_flag_updates}). */
    void markRetrieved(int number) {
        retrieved.set(number - 1);
    }

    InputStream open(int number) throws StoreException {
        return inbox.openMessage(message(number).uid());
    }

    boolean hasDeletions() {
        return !deleted.isEmpty();
    }

    /**
     * Sets {@code \Seen} on retrieved messages and, when {@code expunge} (QUIT), removes the deleted
     * ones, or flags them with {@code deletedKeyword} when one is configured. Messages another
     * session removed meanwhile are skipped by the store.
     */
    void update(boolean expunge, boolean setSeen, String deletedKeyword) throws StoreException {
        if (setSeen) {
            UidSet seen = uids(retrieved, expunge ? deleted : new BitSet());
            if (!seen.isEmpty()) {
                inbox.updateFlags(seen, FlagUpdate.add(Flags.of(SystemFlag.SEEN)), OptionalLong.empty());
            }
        }
        if (expunge && !deleted.isEmpty()) {
            UidSet gone = uids(deleted, new BitSet());
            if (deletedKeyword != null) {
                inbox.updateFlags(gone, FlagUpdate.add(new Flags(Set.of(), Set.of(deletedKeyword))), OptionalLong.empty());
            } else {
                inbox.expunge(gone);
            }
        }
    }

    private UidSet uids(BitSet numbers, BitSet except) {
        UidSet.Builder b = new UidSet.Builder();
        for (int i = numbers.nextSetBit(0); i >= 0; i = numbers.nextSetBit(i + 1)) {
            if (!except.get(i)) {
                b.add(messages.get(i).uid());
            }
        }
        return b.build();
    }

    @Override
    public void close() {
        try {
            inbox.close();
        } finally {
            mailboxes.close();
        }
    }
}

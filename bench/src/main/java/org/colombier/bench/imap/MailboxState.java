package org.colombier.bench.imap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What one stress client knows about the shared mailbox, the way imaptest tracks state: the
 * messages it appended itself (only it changes their flags or expunges them, so their flags are
 * known exactly) and, per session, the sequence-number-to-UID map built from EXISTS, EXPUNGE and
 * FETCH. Every untagged response is checked against it; a contradiction is reported as an error.
 */
public final class MailboxState {
    /** A message this client appended: its size, checksum and the flags it set. */
    public static final class Own {
        final int size;
        final long crc;
        final Set<String> flags = new TreeSet<>();

        Own(int size, long crc) {
            this.size = size;
            this.crc = crc;
        }
    }

    private final Consumer<String> errors;
    private final Map<Long, Own> own = new HashMap<>();
    private final Set<Long> changing = new HashSet<>();
    private final List<Long> seqToUid = new ArrayList<>();
    private boolean selected;

    public MailboxState(Consumer<String> errors) {
        this.errors = errors;
    }

    /** A new session selected the mailbox: sequence numbers start over. */
    public void selected() {
        seqToUid.clear();
        selected = true;
    }

    public void deselected() {
        selected = false;
        seqToUid.clear();
    }

    public int exists() {
        return seqToUid.size();
    }

    public Map<Long, Own> own() {
        return own;
    }

    public void appended(long uid, int size, long crc, Set<String> flags) {
        if (own.containsKey(uid)) {
            errors.accept("APPENDUID " + uid + " reused a UID this client already owns");
        }
        Own message = new Own(size, crc);
        message.flags.addAll(flags);
        own.put(uid, message);
    }

    /** Flags of {@code uid} are about to change by this client's STORE: no check until it ends. */
    public void changing(long uid) {
        changing.add(uid);
    }

    /** This client's STORE on {@code uid} completed; its flags are now {@code flags}. */
    public void changed(long uid, Set<String> flags) {
        changing.remove(uid);
        Own message = own.get(uid);
        if (message != null) {
            message.flags.clear();
            message.flags.addAll(flags);
        }
    }

    /** The client expunged its own message. */
    public void expunged(long uid) {
        own.remove(uid);
        changing.remove(uid);
    }

    /** The sequence number of a UID in this session, or 0 when not known. */
    public int seqOf(long uid) {
        int index = seqToUid.indexOf(uid);
        return index + 1;
    }

    /**
     * Applies and checks one untagged response. Returns the FETCH data when it was a FETCH, for the
     * running command's own checks; null otherwise.
     */
    public FetchData apply(ImapResponse response) {
        String[] parts = response.text().split(" ", 4);
        if (parts.length < 3 || !Character.isDigit(parts[1].charAt(0))) {
            return null;
        }
        int number = Integer.parseInt(parts[1]);
        switch (parts[2].toUpperCase(Locale.ROOT)) {
            case "EXISTS" -> {
                if (number < seqToUid.size()) {
                    errors.accept("EXISTS " + number + " shrank the mailbox from " + seqToUid.size() + " without EXPUNGE");
                    seqToUid.subList(number, seqToUid.size()).clear();
                }
                while (seqToUid.size() < number) {
                    seqToUid.add(0L);
                }
            }
            case "EXPUNGE" -> {
                if (number < 1 || number > seqToUid.size()) {
                    errors.accept("EXPUNGE " + number + " outside 1:" + seqToUid.size());
                    return null;
                }
                long uid = seqToUid.remove(number - 1);
                if (uid != 0 && own.containsKey(uid) && !changing.contains(uid)) {
                    errors.accept("message UID " + uid + " expunged, but only its owner expunges it and did not");
                }
            }
            case "FETCH" -> {
                FetchData data;
                try {
                    data = FetchData.parse(response);
                } catch (RuntimeException e) {
                    errors.accept("unparsable FETCH: " + e.getMessage());
                    return null;
                }
                check(data);
                return data;
            }
            default -> {
            }
        }
        return null;
    }

    private void check(FetchData data) {
        if (!selected) {
            errors.accept("FETCH " + data.seq() + " with no mailbox selected");
            return;
        }
        if (data.seq() < 1 || data.seq() > seqToUid.size()) {
            errors.accept("FETCH for sequence " + data.seq() + " outside 1:" + seqToUid.size());
            return;
        }
        long known = seqToUid.get(data.seq() - 1);
        if (data.uid() != FetchData.ABSENT) {
            if (known != 0 && known != data.uid()) {
                errors.accept("sequence " + data.seq() + " was UID " + known + ", now FETCH says UID " + data.uid());
            }
            seqToUid.set(data.seq() - 1, data.uid());
            known = data.uid();
        }
        Own message = own.get(known);
        if (message == null || changing.contains(known)) {
            return;
        }
        if (data.flags() != null) {
            Set<String> seen = new TreeSet<>(data.flags());
            seen.remove("\\Recent");
            if (!seen.equals(message.flags)) {
                errors.accept("UID " + known + " has flags " + seen + ", expected " + message.flags);
            }
        }
        if (data.size() != FetchData.ABSENT && data.size() != message.size) {
            errors.accept("UID " + known + " has RFC822.SIZE " + data.size() + ", appended " + message.size);
        }
        if (data.body() != null) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(data.body());
            if (data.body().length != message.size || crc.getValue() != message.crc) {
                errors.accept("UID " + known + " body differs from what was appended (" + data.body().length + " bytes)");
            }
        }
    }

    /** After {@code UID FETCH <own uids> ...}: each owned message must have been returned. */
    public void checkAllOwnPresent(Set<Long> returned) {
        for (Long uid : own.keySet()) {
            if (!returned.contains(uid)) {
                errors.accept("message UID " + uid + " is missing");
            }
        }
    }
}

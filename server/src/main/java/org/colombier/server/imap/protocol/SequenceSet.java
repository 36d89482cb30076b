package org.colombier.server.imap.protocol;

import java.util.ArrayList;
import java.util.List;

import org.colombier.api.storage.UidSet;

/**
 * A sequence set as a client wrote it: message numbers or UIDs, ranges, {@code *} for the largest
 * number in use, or {@code $} for the result saved by {@code SEARCH RETURN (SAVE)} (RFC 5182).
 * {@code *} is kept symbolic ({@link #STAR}) until {@link #resolve} knows the mailbox.
 */
public record SequenceSet(List<Range> ranges, boolean saved) {
    public static final long STAR = Long.MAX_VALUE;
    public static final long MAX_NUMBER = 0xFFFF_FFFFL;
    public static final SequenceSet SAVED = new SequenceSet(List.of(), true);

    /** {@code low <= high}; either may be {@link #STAR}. */
    public record Range(long low, long high) {
        public Range {
            if (low > high) {
                long t = low;
                low = high;
                high = t;
            }
        }

        @Override
        public String toString() {
            String l = low == STAR ? "*" : Long.toString(low);
            return low == high ? l : l + ":" + (high == STAR ? "*" : Long.toString(high));
        }
    }

    public SequenceSet {
        ranges = List.copyOf(ranges);
    }

    /**
     * Parses {@code 1:3,7,9:*} or {@code $}.
     *
     * @throws IllegalArgumentException with a message fit for a BAD response
     */
    public static SequenceSet parse(String s) {
        if (s.equals("$")) {
            return SAVED;
        }
        List<Range> ranges = new ArrayList<>();
        for (String part : s.split(",", -1)) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                long n = number(part, s);
                ranges.add(new Range(n, n));
            } else {
                ranges.add(new Range(number(part.substring(0, colon), s), number(part.substring(colon + 1), s)));
            }
        }
        return new SequenceSet(ranges, false);
    }

    private static long number(String s, String set) {
        if (s.equals("*")) {
            return STAR;
        }
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9') || s.charAt(0) == '0') {
            throw new IllegalArgumentException("Invalid sequence set: " + set);
        }
        long n = Long.parseLong(s);
        if (n > MAX_NUMBER) {
            throw new IllegalArgumentException("Invalid sequence set: number too large: " + set);
        }
        return n;
    }

    /**
     * The numbers this set names when {@code largest} is the largest number in use (the message
     * count, or the highest UID). As RFC 3501 says, {@code 5:*} with largest 3 means {@code 3:5};
     * in an empty mailbox (largest 0) a range with {@code *} names nothing.
     * Not for {@code $}, which the session resolves from its saved result.
     */
    public UidSet resolve(long largest) {
        if (saved) {
            throw new IllegalStateException("$ is resolved by the session");
        }
        UidSet.Builder b = new UidSet.Builder();
        for (Range r : ranges) {
            if (largest == 0 && r.high() == STAR) {
                continue; // an empty mailbox has no '*'
            }
            long low = r.low() == STAR ? largest : r.low();
            long high = r.high() == STAR ? largest : r.high();
            long lo = Math.max(1, Math.min(low, high));
            long hi = Math.max(low, high);
            if (hi >= 1) {
                b.addRange(lo, hi);
            }
        }
        return b.build();
    }

    @Override
    public String toString() {
        if (saved) {
            return "$";
        }
        StringBuilder sb = new StringBuilder();
        for (Range r : ranges) {
            sb.append(sb.length() == 0 ? "" : ",").append(r);
        }
        return sb.toString();
    }
}

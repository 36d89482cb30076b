package org.colombier.api.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;

/**
 * A set of UIDs kept as sorted, disjoint, non-adjacent closed ranges, so that {@code 1:*} over a
 * 100,000-message mailbox is two longs. Immutable. UIDs are unsigned 32-bit values (1..4294967295).
 */
public final class UidSet implements Iterable<Long> {
    public static final long MAX_UID = 0xFFFF_FFFFL;
    private static final UidSet EMPTY = new UidSet(new long[0]);
    private static final UidSet ALL = new UidSet(new long[] {1, MAX_UID});

    /** Flattened ranges: low0, high0, low1, high1, ... */
    private final long[] bounds;

    private UidSet(long[] bounds) {
        this.bounds = bounds;
    }

    public static UidSet empty() {
        return EMPTY;
    }

    /** Every possible UID: what {@code 1:*} means to a store. */
    public static UidSet all() {
        return ALL;
    }

    public static UidSet of(long uid) {
        return range(uid, uid);
    }

    public static UidSet range(long low, long high) {
        check(low);
        check(high);
        return new UidSet(new long[] {Math.min(low, high), Math.max(low, high)});
    }

    public static UidSet of(Collection<Long> uids) {
        Builder b = new Builder();
        uids.forEach(b::add);
        return b.build();
    }

    private static void check(long uid) {
        if (uid < 1 || uid > MAX_UID) {
            throw new IllegalArgumentException("UID out of range: " + uid);
        }
    }

    public boolean isEmpty() {
        return bounds.length == 0;
    }

    public boolean contains(long uid) {
        int lo = 0;
        int hi = bounds.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (uid < bounds[2 * mid]) {
                hi = mid - 1;
            } else if (uid > bounds[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** The number of UIDs in the set. */
    public long size() {
        long n = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            n += bounds[i + 1] - bounds[i] + 1;
        }
        return n;
    }

    public long min() {
        if (isEmpty()) {
            throw new NoSuchElementException();
        }
        return bounds[0];
    }

    public long max() {
        if (isEmpty()) {
            throw new NoSuchElementException();
        }
        return bounds[bounds.length - 1];
    }

    /** The ranges as {low, high} pairs, in ascending order. */
    public List<long[]> ranges() {
        List<long[]> out = new ArrayList<>(bounds.length / 2);
        for (int i = 0; i < bounds.length; i += 2) {
            out.add(new long[] {bounds[i], bounds[i + 1]});
        }
        return out;
    }

    public void forEachUid(LongConsumer action) {
        for (int i = 0; i < bounds.length; i += 2) {
            for (long u = bounds[i]; u <= bounds[i + 1]; u++) {
                action.accept(u);
            }
        }
    }

    @Override
    public Iterator<Long> iterator() {
        return new Iterator<>() {
            int range;
            long next = bounds.length > 0 ? bounds[0] : 0;

            @Override
            public boolean hasNext() {
                return range * 2 < bounds.length;
            }

            @Override
            public Long next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long u = next;
                if (u == bounds[range * 2 + 1]) {
                    range++;
                    if (range * 2 < bounds.length) {
                        next = bounds[range * 2];
                    }
                } else {
                    next = u + 1;
                }
                return u;
            }
        };
    }

    /** The IMAP form, e.g. {@code 1:3,7,9:12}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(bounds[i]);
            if (bounds[i + 1] != bounds[i]) {
                sb.append(':').append(bounds[i + 1]);
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UidSet other && Arrays.equals(bounds, other.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    /** Collects UIDs in any order and merges them into ranges. */
    public static final class Builder {
        private final List<long[]> ranges = new ArrayList<>();

        public Builder add(long uid) {
            return addRange(uid, uid);
        }

        public Builder addRange(long low, long high) {
            check(low);
            check(high);
            ranges.add(new long[] {Math.min(low, high), Math.max(low, high)});
            return this;
        }

        public UidSet build() {
            if (ranges.isEmpty()) {
                return EMPTY;
            }
            ranges.sort((a, b) -> Long.compare(a[0], b[0]));
            long[] out = new long[ranges.size() * 2];
            int n = 0;
            for (long[] r : ranges) {
                if (n > 0 && r[0] <= out[n - 1] + 1) {
                    out[n - 1] = Math.max(out[n - 1], r[1]);
                } else {
                    out[n++] = r[0];
                    out[n++] = r[1];
                }
            }
            return new UidSet(Arrays.copyOf(out, n));
        }
    }
}

package org.colombier.api.storage;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The flags of one message: system flags and keywords. Immutable. Keywords keep the case they were
 * first stored with; IMAP compares them case-insensitively, so the set is ordered that way.
 */
public record Flags(Set<SystemFlag> system, Set<String> keywords) {
    public static final Flags NONE = new Flags(EnumSet.noneOf(SystemFlag.class), Set.of());

    public Flags {
        EnumSet<SystemFlag> s = EnumSet.noneOf(SystemFlag.class);
        s.addAll(system);
        system = Collections.unmodifiableSet(s);
        TreeSet<String> k = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        k.addAll(keywords);
        keywords = Collections.unmodifiableSet(k);
    }

    public static Flags of(SystemFlag... flags) {
        EnumSet<SystemFlag> s = EnumSet.noneOf(SystemFlag.class);
        Collections.addAll(s, flags);
        return new Flags(s, Set.of());
    }

    public boolean has(SystemFlag flag) {
        return system.contains(flag);
    }

    public boolean hasKeyword(String keyword) {
        return keywords.contains(keyword);
    }

    public Flags withKeywords(Set<String> more) {
        TreeSet<String> k = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        k.addAll(keywords);
        k.addAll(more);
        return new Flags(system, k);
    }

    /** These flags after {@code update} is applied. */
    public Flags apply(FlagUpdate update) {
        EnumSet<SystemFlag> s = EnumSet.noneOf(SystemFlag.class);
        TreeSet<String> k = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (update.mode() != FlagUpdate.Mode.REPLACE) {
            s.addAll(system);
            k.addAll(keywords);
        }
        switch (update.mode()) {
            case REPLACE, ADD -> {
                s.addAll(update.flags().system());
                k.addAll(update.flags().keywords());
            }
            case REMOVE -> {
                s.removeAll(update.flags().system());
                k.removeAll(update.flags().keywords());
            }
        }
        return new Flags(s, k);
    }
}

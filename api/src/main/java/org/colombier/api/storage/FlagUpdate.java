package org.colombier.api.storage;

/** A change of flags: IMAP STORE {@code FLAGS}, {@code +FLAGS} or {@code -FLAGS}. */
public record FlagUpdate(Mode mode, Flags flags) {
    public enum Mode { REPLACE, ADD, REMOVE }

    public static FlagUpdate add(Flags flags) {
        return new FlagUpdate(Mode.ADD, flags);
    }

    public static FlagUpdate remove(Flags flags) {
        return new FlagUpdate(Mode.REMOVE, flags);
    }

    public static FlagUpdate replace(Flags flags) {
        return new FlagUpdate(Mode.REPLACE, flags);
    }
}

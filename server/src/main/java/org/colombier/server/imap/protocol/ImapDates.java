package org.colombier.server.imap.protocol;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** IMAP {@code date} ({@code 1-Feb-1994}) and {@code date-time} ({@code "17-Jul-1996 02:44:25 -0700"}). */
public final class ImapDates {
    private static final String[] MONTHS =
            {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ROOT);

    private ImapDates() {
    }

    /**
     * Parses a SEARCH date, {@code d-Mon-yyyy} or {@code dd-Mon-yyyy}.
     *
     * @throws IllegalArgumentException with a message fit for a BAD response
     */
    public static LocalDate parseDate(String s) {
        String[] p = s.split("-", -1);
        if (p.length != 3 || p[0].isEmpty() || p[0].length() > 2 || p[2].length() != 4
                || !digits(p[0]) || !digits(p[2])) {
            throw new IllegalArgumentException("Invalid date: " + s);
        }
        try {
            return LocalDate.of(Integer.parseInt(p[2]), month(p[1], s), Integer.parseInt(p[0]));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("Invalid date: " + s);
        }
    }

    /**
     * Parses an APPEND date-time, {@code dd-Mon-yyyy hh:mm:ss +zzzz} (the day may be space-padded).
     *
     * @throws IllegalArgumentException with a message fit for a BAD response
     */
    public static OffsetDateTime parseDateTime(String s) {
        String t = s.startsWith(" ") ? s.substring(1) : s;
        String[] p = t.split(" ", -1);
        if (p.length != 3 || p[1].length() != 8 || p[2].length() != 5
                || (p[2].charAt(0) != '+' && p[2].charAt(0) != '-')) {
            throw new IllegalArgumentException("Invalid date-time: " + s);
        }
        LocalDate date = parseDate(p[0]);
        String[] hms = p[1].split(":", -1);
        String zone = p[2].substring(1);
        if (hms.length != 3 || !digits(hms[0]) || !digits(hms[1]) || !digits(hms[2]) || !digits(zone)
                || hms[0].length() != 2 || hms[1].length() != 2 || hms[2].length() != 2) {
            throw new IllegalArgumentException("Invalid date-time: " + s);
        }
        try {
            int minutes = Integer.parseInt(zone.substring(0, 2)) * 60 + Integer.parseInt(zone.substring(2));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((p[2].charAt(0) == '-' ? -60 : 60) * minutes);
            return OffsetDateTime.of(date.getYear(), date.getMonthValue(), date.getDayOfMonth(),
                    Integer.parseInt(hms[0]), Integer.parseInt(hms[1]), Integer.parseInt(hms[2]), 0, offset);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("Invalid date-time: " + s);
        }
    }

    /** The INTERNALDATE form, {@code 17-Jul-1996 02:44:25 -0700}, to be written quoted. */
    public static String formatDateTime(OffsetDateTime t) {
        return DATE_TIME.format(t);
    }

    private static int month(String m, String whole) {
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].equalsIgnoreCase(m)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("Invalid month in date: " + whole);
    }

    private static boolean digits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}

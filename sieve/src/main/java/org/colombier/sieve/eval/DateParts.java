package org.colombier.sieve.eval;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.JulianFields;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RFC 5322 date parsing and the RFC 5260 date parts. */
final class DateParts {
    private static final Pattern DATE = Pattern.compile(
            "(?:[A-Za-z]{3},\\s*)?(\\d{1,2})\\s+([A-Za-z]{3})\\s+(\\d{2,4})\\s+"
                    + "(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*([+-]\\d{4}|[A-Za-z]{1,5})?.*",
            Pattern.DOTALL);
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
            Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
            Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));
    private static final Map<String, String> ZONES = Map.ofEntries(Map.entry("ut", "+0000"),
            Map.entry("gmt", "+0000"), Map.entry("z", "+0000"), Map.entry("est", "-0500"), Map.entry("edt", "-0400"),
            Map.entry("cst", "-0600"), Map.entry("cdt", "-0500"), Map.entry("mst", "-0700"), Map.entry("mdt", "-0600"),
            Map.entry("pst", "-0800"), Map.entry("pdt", "-0700"));
    private static final DateTimeFormatter STD11 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private DateParts() {
    }

    /** @return null when the text is not a date */
    static ZonedDateTime parse(String text) {
        Matcher m = DATE.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        Integer month = MONTHS.get(m.group(2).toLowerCase(Locale.ROOT));
        if (month == null) {
            return null;
        }
        int year = Integer.parseInt(m.group(3));
        if (m.group(3).length() == 2) {
            year += year < 50 ? 2000 : 1900;
        }
        String zone = m.group(7) == null ? "+0000" : m.group(7);
        if (!zone.startsWith("+") && !zone.startsWith("-")) {
            zone = ZONES.getOrDefault(zone.toLowerCase(Locale.ROOT), "+0000");
        }
        try {
            return ZonedDateTime.of(year, month, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)), m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), 0,
                    offset(zone));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** @return null when {@code zone} is not +hhmm/-hhmm */
    static ZoneOffset offset(String zone) {
        if (!zone.matches("[+-]\\d{4}")) {
            return null;
        }
        int h = Integer.parseInt(zone.substring(1, 3));
        int min = Integer.parseInt(zone.substring(3, 5));
        if (h > 18 || min > 59) {
            return null;
        }
        int sign = zone.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * h, sign * min);
    }

    /** @return null for an unknown part */
    static String part(ZonedDateTime d, String part) {
        String zone = d.getOffset().getId().equals("Z") ? "+0000" : d.getOffset().getId().replace(":", "");
        return switch (part.toLowerCase(Locale.ROOT)) {
            case "year" -> String.format("%04d", d.getYear());
            case "month" -> String.format("%02d", d.getMonthValue());
            case "day" -> String.format("%02d", d.getDayOfMonth());
            case "date" -> String.format("%04d-%02d-%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
            case "julian" -> String.valueOf(LocalDate.from(d).getLong(JulianFields.MODIFIED_JULIAN_DAY));
            case "hour" -> String.format("%02d", d.getHour());
            case "minute" -> String.format("%02d", d.getMinute());
            case "second" -> String.format("%02d", d.getSecond());
            case "time" -> String.format("%02d:%02d:%02d", d.getHour(), d.getMinute(), d.getSecond());
            case "iso8601" -> d.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT));
            case "std11" -> d.format(STD11);
            case "zone" -> zone;
            case "weekday" -> String.valueOf(d.getDayOfWeek().getValue() % 7);
            default -> null;
        };
    }
}

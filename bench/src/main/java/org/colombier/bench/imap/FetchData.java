package org.colombier.bench.imap;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The items of one {@code * n FETCH (...)} response the harness checks. */
public record FetchData(int seq, long uid, Set<String> flags, long size, byte[] body, boolean envelope) {
    public static final long ABSENT = -1;

    /** Parses {@code * n FETCH (...)}; throws IllegalArgumentException on a malformed response. */
    public static FetchData parse(ImapResponse response) {
        String[] head = response.text().split(" ", 4);
        if (head.length < 4 || !head[2].equalsIgnoreCase("FETCH")) {
            throw new IllegalArgumentException("not a FETCH response: " + response.text());
        }
        int seq = Integer.parseInt(head[1]);
        List<Object> tokens = Tokens.parse(head[3], response.literals());
        if (tokens.size() != 1 || !(tokens.get(0) instanceof List<?> items) || items.size() % 2 != 0) {
            throw new IllegalArgumentException("FETCH data is not one list of pairs: " + response.text());
        }
        long uid = ABSENT;
        long size = ABSENT;
        Set<String> flags = null;
        byte[] body = null;
        boolean envelope = false;
        for (int i = 0; i < items.size(); i += 2) {
            String name = String.valueOf(items.get(i)).toUpperCase(Locale.ROOT);
            Object value = items.get(i + 1);
            switch (name) {
                case "UID" -> uid = Long.parseLong((String) value);
                case "RFC822.SIZE" -> size = Long.parseLong((String) value);
                case "FLAGS" -> {
                    flags = new LinkedHashSet<>();
                    for (Object flag : (List<?>) value) {
                        flags.add((String) flag);
                    }
                }
                case "ENVELOPE" -> envelope = value instanceof List<?> list && list.size() == 10;
                case "BODY[]", "RFC822" -> body = value instanceof byte[] bytes ? bytes
                        : value instanceof Tokens.Quoted quoted ? quoted.value().getBytes(java.nio.charset.StandardCharsets.UTF_8) : null;
                default -> {
                }
            }
        }
        return new FetchData(seq, uid, flags, size, body, envelope);
    }
}

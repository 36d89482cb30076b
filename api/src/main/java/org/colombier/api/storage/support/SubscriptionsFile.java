package org.colombier.api.storage.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code subscriptions} as Dovecot 2.x writes it for every driver: the header {@code V<TAB>2<LF><LF>},
 * then one storage name per line with its levels joined by TAB, each level tab-escaped with 0x01.
 * A legacy version-1 file (no header) holds one name per line with the list separator. Dovecot
 * updates it under the {@code subscriptions.lock} dotlock (stale after {@link #STALE_MILLIS}, waited
 * for up to {@link #WAIT_MILLIS}) by writing the lock file and renaming it; drivers do the locking.
 */
public final class SubscriptionsFile {
    public static final String FILE = "subscriptions";
    public static final long STALE_MILLIS = 30_000;
    public static final long WAIT_MILLIS = 120_000;
    private static final String HEADER = "V\t2\n\n";

    private SubscriptionsFile() {
    }

    /** The subscribed names in {@code root}, each as its storage-name levels. */
    public static List<List<String>> read(Path root, char listSeparator) throws IOException {
        String content;
        try {
            content = Files.readString(root.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        boolean v2 = content.startsWith(HEADER);
        List<List<String>> out = new ArrayList<>();
        for (String line : (v2 ? content.substring(HEADER.length()) : content).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            List<String> levels = new ArrayList<>();
            if (v2) {
                for (String level : line.split("\t", -1)) {
                    levels.add(unescape(level));
                }
            } else {
                levels.addAll(List.of(line.split(Pattern.quote(String.valueOf(listSeparator)), -1)));
            }
            out.add(levels);
        }
        return out;
    }

    /** The version-2 file content for {@code names}, each given as its storage-name levels. */
    public static byte[] render(List<List<String>> names) {
        StringBuilder sb = new StringBuilder(HEADER);
        for (List<String> levels : names) {
            for (int i = 0; i < levels.size(); i++) {
                if (i > 0) {
                    sb.append('\t');
                }
                sb.append(escape(levels.get(i)));
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\001' -> sb.append("\0011");
                case '\t' -> sb.append("\001t");
                case '\r' -> sb.append("\001r");
                case '\n' -> sb.append("\001n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\001' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(switch (n) {
                    case '1' -> '\001';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}

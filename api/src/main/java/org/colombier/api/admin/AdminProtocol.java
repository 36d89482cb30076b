package org.colombier.api.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * The admin socket's line protocol, shared by the server and doveadm. The client sends one request line, {@code command<TAB>arg...};
 * the server answers {@code +} or {@code -STATUS<TAB>message}, then one line per table row with
 * tab-separated fields (the first row names the columns), and closes. Tabs, newlines and
 * backslashes inside fields travel as {@code \t}, {@code \n}, {@code \\}.
 */
public final class AdminProtocol {
    /** Longer request lines are refused: no admin command needs more. */
    public static final int MAX_REQUEST = 4096;
    /** The socket's name in {@code base_dir}. */
    public static final String SOCKET_NAME = "colombier-admin";

    private AdminProtocol() {
    }

    public static String line(List<String> fields) {
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (String field : fields) {
            if (!first) {
                out.append('\t');
            }
            first = false;
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                switch (c) {
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\\' -> out.append("\\\\");
                    default -> out.append(c);
                }
            }
        }
        return out.append('\n').toString();
    }

    /** The fields of one line (without its newline); a bad escape is an IllegalArgumentException. */
    public static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\\') {
                char next = ++i < line.length() ? line.charAt(i) : 0;
                field.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case '\\' -> '\\';
                    default -> throw new IllegalArgumentException("bad escape in request");
                });
            } else if (c < ' ') {
                throw new IllegalArgumentException("control character in request");
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}

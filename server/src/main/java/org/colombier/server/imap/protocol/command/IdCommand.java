package org.colombier.server.imap.protocol.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ID (field value ...) or ID NIL (RFC 2971), with the RFC's limits: 30 pairs, fields of at most 30
 * bytes, values of at most 1024.
 *
 * @param parameters in the client's order, values may be null; null for {@code ID NIL}
 */
public record IdCommand(Map<String, String> parameters) implements ImapCommand {

    public static IdCommand parse(Args args) throws CommandParseException {
        if (args.accept("NIL")) {
            args.end();
            return new IdCommand(null);
        }
        Args list = args.inside(args.list("ID parameter list"));
        args.end();
        Map<String, String> params = new LinkedHashMap<>();
        while (list.hasMore()) {
            String field = list.string("ID field");
            String value = list.nstring("ID value");
            if (field.length() > 30 || (value != null && value.length() > 1024)) {
                throw CommandParseException.bad("ID field or value too long");
            }
            params.put(field, value);
            if (params.size() > 30) {
                throw CommandParseException.bad("Too many ID fields");
            }
        }
        return new IdCommand(Collections.unmodifiableMap(params));
    }
}

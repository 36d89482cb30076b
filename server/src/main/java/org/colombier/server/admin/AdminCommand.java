package org.colombier.server.admin;

import java.util.List;

/** One command of the admin endpoint: its arguments in, table rows (the first one names the columns) out. */
@FunctionalInterface
interface AdminCommand {
    List<List<String>> run(List<String> args) throws AdminException;
}

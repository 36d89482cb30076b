package org.colombier.doveadm;

import java.io.PrintWriter;
import java.util.List;

import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** A mail command that takes a search query: its parent, output streams and the query's separator. */
abstract class SearchMailCommand extends MailCommand {
    @ParentCommand
    Doveadm doveadm;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    char separator() {
        return separator(doveadm.config());
    }

    int run(PerUser action) {
        int status = forEachUser(doveadm, spec.commandLine().getErr(), action);
        out().flush();
        return status;
    }

    static SearchQuery query(List<String> words) {
        return SearchQuery.parse(words);
    }
}

package org.colombier.doveadm;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code doveadm move -u USER|-A DESTINATION QUERY}: moves the matching messages into DESTINATION. */
@Command(name = "move", description = "Move the messages matching a search query to another mailbox.")
final class MoveCommand extends SearchMailCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DESTINATION")
    String destination;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "QUERY", description = "Search query.")
    List<String> queryWords;

    @Override
    public Integer call() {
        return CopyCommand.transfer(this, destination, queryWords, true);
    }
}

package org.radpost.datacenter.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.radpost.datacenter.FailedMessages;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.schema.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code datacenter failed}: the messages whose stage gave up, with the stage and the reason. */
@Command(name = "failed", description = "Lists messages that failed after their last attempt, with the stage and the reason;"
        + " 'retry' sends them back.")
final class FailedCommand implements Callable<Integer> {
    @CommandLine.Mixin
    DatacenterCli.Common common;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Database db = common.database()) {
            List<ReceivedMessage> failed = new FailedMessages(db.sessionFactory(), new Tracker(Clock.systemUTC()), Clock.systemUTC()).list();
            if (failed.isEmpty()) {
                out.println("No failed messages.");
            }
            for (ReceivedMessage m : failed) {
                out.printf("#%d  %s  %s  study %s  at %s after %d attempt(s): %s%n", m.id(), DatacenterCli.TIME.format(m.updatedAt()),
                        m.messageId(), m.studyUid(), m.failedStage().token(), m.attempts(), m.lastError());
            }
        }
        out.flush();
        return 0;
    }
}

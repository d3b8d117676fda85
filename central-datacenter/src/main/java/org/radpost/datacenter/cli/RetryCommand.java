package org.radpost.datacenter.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.radpost.datacenter.FailedMessages;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.schema.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code datacenter retry <id>|--all}: sends failed messages back to the stage that failed (a RETRIED event and a console_audit row). */
@Command(name = "retry", description = "Sends a failed message (or every one) back to the stage that failed, with fresh attempts.")
final class RetryCommand implements Callable<Integer> {
    @CommandLine.Mixin
    DatacenterCli.Common common;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Parameters(index = "0", arity = "0..1", description = "the message number (see 'failed')")
    Long id;
    @Option(names = "--all", description = "retry every failed message")
    boolean all;
    @Option(names = "--by", defaultValue = "${sys:user.name}", description = "who retries (audit)")
    String by;

    @Override
    public Integer call() throws Exception {
        if (all == (id != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give a message number or --all, not both and not neither");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Database db = common.database()) {
            FailedMessages failed = new FailedMessages(db.sessionFactory(), new Tracker(Clock.systemUTC()), Clock.systemUTC());
            if (all) {
                int count = failed.retryAll("operator:" + by);
                DatacenterCli.audit(db).record(DatacenterCli.actor(by), "retry-all", "failed messages", count + " failed", "sent back", null);
                out.println(count + " failed message(s) sent back; the running data center picks them up");
            } else {
                String before = failed.find(id).map(FailedMessages::failure).orElse(null);
                var message = failed.retry(id, "operator:" + by);
                // The same audit row as the console's Retry button writes.
                DatacenterCli.audit(db).record(DatacenterCli.actor(by), "retry", "message #" + id + " " + message.messageId()
                        + " (study " + message.studyUid() + ")", before, "sent back to " + message.state().token(), null);
                out.println("message #" + id + " " + message.messageId() + " sent back to " + message.state().token()
                        + "; the running data center picks it up");
            }
        }
        out.flush();
        return 0;
    }
}

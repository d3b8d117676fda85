package org.radpost.datacenter.console;

import java.time.Clock;
import org.hibernate.SessionFactory;
import org.radpost.archiver.Archiver;
import org.radpost.datacenter.FailedMessages;
import org.radpost.datacenter.deliver.MailboxPolls;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.metrics.Metrics;
import org.radpost.datacenter.route.Quarantine;

/**
 * What the console's routes work with: the data center's own directory, quarantine and failed messages (so a
 * change takes effect in the running pipeline at once), its database, mailbox polls, metrics, the archive (volumes, holds, retention), and {@code nudge},
 * which wakes the pipeline after a release or retry. {@code metricsToken} guards {@code /metrics} (null: loopback only).
 */
public record ConsoleContext(SessionFactory sessions, Directory directory, Quarantine quarantine, ConsoleUsers users,
                             AuditLog audit, Runnable nudge, Clock clock, FailedMessages failed, MailboxPolls polls,
                             Metrics metrics, String metricsToken, Archiver archiver) {}

package org.radpost.datacenter.console;

import java.time.Clock;
import org.hibernate.SessionFactory;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.route.Quarantine;

/**
 * What the console's routes work with: the data center's own directory and quarantine (so a change takes effect
 * in the running pipeline at once), its database, and {@code nudge}, which wakes the pipeline after a release.
 */
public record ConsoleContext(SessionFactory sessions, Directory directory, Quarantine quarantine, ConsoleUsers users,
                             AuditLog audit, Runnable nudge, Clock clock) {}

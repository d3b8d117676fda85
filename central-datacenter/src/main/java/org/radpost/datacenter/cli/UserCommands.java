package org.radpost.datacenter.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.radpost.datacenter.console.ConsoleUser;
import org.radpost.datacenter.console.ConsoleUsers;
import org.radpost.datacenter.console.Role;
import org.radpost.schema.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Console users from the command line: the first admin is made here. */
final class UserCommands {
    private UserCommands() {}

    @Command(name = "add-user", description = "Adds a console user: operator (tracking, quarantine), manager (also directory), admin (also users).")
    static class AddUser implements Callable<Integer> {
        @CommandLine.Mixin DatacenterCli.Common common;
        @Option(names = "--name", required = true) String name;
        @Option(names = "--role", required = true, description = "operator, manager or admin") String role;
        @CommandLine.Mixin DirectoryCommands.Password password;
        @Option(names = "--by", defaultValue = "${sys:user.name}", description = "who adds the user (audit)") String by;

        @Override
        public Integer call() throws Exception {
            Role parsed;
            try {
                parsed = Role.parse(role);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            String secret = password.read("console user " + name);
            try (Database db = common.database()) {
                ConsoleUser user = new ConsoleUsers(db.sessionFactory(), Clock.systemUTC()).add(name, secret, parsed);
                DatacenterCli.audit(db).record(DatacenterCli.actor(by), "user-add", "user " + name, null, parsed.name(), null);
                System.out.println("console user " + user.username() + " added as " + parsed.name().toLowerCase());
            }
            return 0;
        }
    }

    @Command(name = "users", description = "Lists the console users.")
    static class Users implements Callable<Integer> {
        @CommandLine.Mixin DatacenterCli.Common common;

        @Override
        public Integer call() throws Exception {
            try (Database db = common.database()) {
                var users = new ConsoleUsers(db.sessionFactory(), Clock.systemUTC()).all();
                if (users.isEmpty()) {
                    System.out.println("No console user yet; 'datacenter add-user --name admin --role admin' adds the first.");
                }
                users.forEach(u -> System.out.printf("%-20s %-9s %-9s last sign-in %s%n", u.username(), u.role().name().toLowerCase(),
                        u.active() ? "active" : "DISABLED", u.lastLoginAt() == null ? "never" : DatacenterCli.TIME.format(u.lastLoginAt())));
            }
            return 0;
        }
    }
}

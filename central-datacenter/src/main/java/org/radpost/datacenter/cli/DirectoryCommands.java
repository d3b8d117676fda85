package org.radpost.datacenter.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.datacenter.directory.Center;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.directory.Grant;
import org.radpost.datacenter.directory.SmimeCertificates;
import org.radpost.datacenter.directory.Viewer;
import org.radpost.schema.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The directory from the command line: centers, viewers, passwords and authorizations; each change is audited. */
final class DirectoryCommands {
    private DirectoryCommands() {}

    /** A command that changes the directory of the configured database. */
    abstract static class Change implements Callable<Integer> {
        @CommandLine.Mixin DatacenterCli.Common common;
        @Option(names = "--by", defaultValue = "${sys:user.name}", description = "who makes the change (audit)") String by;

        @Override
        public Integer call() throws Exception {
            try (Database db = common.database()) {
                Directory directory = new Directory(db.sessionFactory(), Clock.systemUTC());
                String[] audit = change(directory);
                DatacenterCli.audit(db).record(DatacenterCli.actor(by), audit[0], audit[1], audit[2], audit[3], null);
                System.out.println(audit[4]);
            }
            return 0;
        }

        /** Makes the change; returns action, target, before, after and the sentence to print. */
        abstract String[] change(Directory directory) throws Exception;
    }

    /** Password options every add or set-password command shares. */
    static class Password {
        @Option(names = "--password", arity = "0..1", fallbackValue = "", description = "the password; without a value (or without"
                + " the option) it is asked for on a terminal, else read from $RADPOST_PASSWORD or standard input") String password;
        @Option(names = "--password-file", description = "read the password from the first line of this file") Path file;

        String read(String forWhom) throws Exception {
            return PasswordInput.read(password, file, forWhom);
        }
    }

    @Command(name = "add-center", description = "Adds an imaging center (login = its address).")
    static class AddCenter extends Change {
        @Option(names = "--code", required = true) String code;
        @Option(names = "--name", required = true) String name;
        @Option(names = "--address", required = true, description = "the center's mail address, e.g. center1@radpost.example") String address;
        @CommandLine.Mixin Password password;
        @Option(names = "--certificate", description = "the center's S/MIME certificate (PEM); with it the center must send S/MIME") Path certificate;

        @Override
        String[] change(Directory directory) throws Exception {
            String secret = password.read("center " + code);
            var held = certificate == null ? null : org.radpost.wire.smime.Certificates.read(certificate);
            Center center = directory.addCenter(code, name, address, secret);
            if (held != null) {
                new SmimeCertificates(directory).setForCenter(code, held);
            }
            return new String[] {"center-add", "center " + code, null, name + " <" + center.address() + ">",
                "center " + code + " <" + center.address() + "> added"};
        }
    }

    @Command(name = "add-viewer", description = "Adds a remote viewer (login = its address).")
    static class AddViewer extends Change {
        @Option(names = "--code", required = true) String code;
        @Option(names = "--name", required = true) String name;
        @Option(names = "--address", required = true) String address;
        @CommandLine.Mixin Password password;
        @Option(names = "--access", defaultValue = "FULL", description = "FULL or DEIDENTIFIED (default ${DEFAULT-VALUE})") AccessLevel access;
        @Option(names = "--group", description = "the viewer group it reads for (authorizations may name the group)") String group;
        @Option(names = "--certificate", description = "the viewer's S/MIME certificate (PEM); studies are then encrypted to it") Path certificate;

        @Override
        String[] change(Directory directory) throws Exception {
            String secret = password.read("viewer " + code);
            var held = certificate == null ? null : org.radpost.wire.smime.Certificates.read(certificate);
            Viewer viewer = directory.addViewer(code, name, address, secret, access);
            if (held != null) {
                new SmimeCertificates(directory).setForViewer(code, held);
            }
            if (group != null) {
                directory.changeViewer(code, v -> v.viewerGroup(group));
            }
            return new String[] {"viewer-add", "viewer " + code, null, name + " <" + viewer.address() + ">, " + access,
                "viewer " + code + " <" + viewer.address() + "> added (" + access + (group == null ? "" : ", group " + group) + ")"};
        }
    }

    @Command(name = "centers", description = "Lists the imaging centers.")
    static class Centers implements Callable<Integer> {
        @CommandLine.Mixin DatacenterCli.Common common;

        @Override
        public Integer call() throws Exception {
            try (Database db = common.database()) {
                var centers = new Directory(db.sessionFactory(), Clock.systemUTC()).centers();
                if (centers.isEmpty()) {
                    System.out.println("No center yet; 'datacenter add-center' adds one.");
                }
                centers.forEach(c -> System.out.printf("%-10s %-30s %-36s %s%n", c.code(), c.name(), c.address(), c.active() ? "active" : "DISABLED"));
            }
            return 0;
        }
    }

    @Command(name = "viewers", description = "Lists the viewers.")
    static class Viewers implements Callable<Integer> {
        @CommandLine.Mixin DatacenterCli.Common common;

        @Override
        public Integer call() throws Exception {
            try (Database db = common.database()) {
                var viewers = new Directory(db.sessionFactory(), Clock.systemUTC()).viewers();
                if (viewers.isEmpty()) {
                    System.out.println("No viewer yet; 'datacenter add-viewer' adds one.");
                }
                viewers.forEach(v -> System.out.printf("%-10s %-30s %-36s %-12s %-14s %s%n", v.code(), v.name(), v.address(),
                        v.accessLevel(), v.viewerGroup() == null ? "-" : "group " + v.viewerGroup(), v.active() ? "active" : "DISABLED"));
            }
            return 0;
        }
    }

    @Command(name = "disable-center", description = "Stops a center from signing in and sending; its history stays.")
    static class DisableCenter extends Change {
        @Parameters(paramLabel = "CODE") String code;

        @Override
        String[] change(Directory directory) {
            directory.setCenterActive(code, false);
            return new String[] {"center-disable", "center " + code, "active", "disabled", "center " + code + " disabled"};
        }
    }

    @Command(name = "enable-center", description = "Lets a disabled center sign in and send again.")
    static class EnableCenter extends Change {
        @Parameters(paramLabel = "CODE") String code;

        @Override
        String[] change(Directory directory) {
            directory.setCenterActive(code, true);
            return new String[] {"center-enable", "center " + code, "disabled", "active", "center " + code + " enabled"};
        }
    }

    @Command(name = "disable-viewer", description = "Stops a viewer from signing in and receiving studies; its history stays.")
    static class DisableViewer extends Change {
        @Parameters(paramLabel = "CODE") String code;

        @Override
        String[] change(Directory directory) {
            directory.setViewerActive(code, false);
            return new String[] {"viewer-disable", "viewer " + code, "active", "disabled", "viewer " + code + " disabled"};
        }
    }

    @Command(name = "enable-viewer", description = "Lets a disabled viewer sign in and receive studies again.")
    static class EnableViewer extends Change {
        @Parameters(paramLabel = "CODE") String code;

        @Override
        String[] change(Directory directory) {
            directory.setViewerActive(code, true);
            return new String[] {"viewer-enable", "viewer " + code, "disabled", "active", "viewer " + code + " enabled"};
        }
    }

    @Command(name = "remove-center", description = "Removes a center that never sent a study (disable one that did).")
    static class RemoveCenter extends Change {
        @Parameters(paramLabel = "CODE") String code;

        @Override
        String[] change(Directory directory) {
            directory.removeCenter(code);
            return new String[] {"center-remove", "center " + code, "present", "removed", "center " + code + " removed"};
        }
    }

    @Command(name = "remove-viewer", description = "Removes a viewer and its authorizations.")
    static class RemoveViewer extends Change {
        @Parameters(paramLabel = "CODE") String code;

        @Override
        String[] change(Directory directory) {
            directory.removeViewer(code);
            return new String[] {"viewer-remove", "viewer " + code, "present", "removed", "viewer " + code + " removed"};
        }
    }

    @Command(name = "set-password", description = "Changes the password of a center or a viewer.")
    static class SetPassword extends Change {
        @CommandLine.ArgGroup(multiplicity = "1") Who who;
        @CommandLine.Mixin Password password;

        static class Who {
            @Option(names = "--center", paramLabel = "CODE") String center;
            @Option(names = "--viewer", paramLabel = "CODE") String viewer;
        }

        @Override
        String[] change(Directory directory) throws Exception {
            String target = who.center != null ? "center " + who.center : "viewer " + who.viewer;
            if (who.center != null) {
                directory.requireCenter(who.center);
                directory.setCenterPassword(who.center, password.read(target));
            } else {
                directory.requireViewer(who.viewer);
                directory.setViewerPassword(who.viewer, password.read(target));
            }
            return new String[] {who.center != null ? "center-password" : "viewer-password", target, "(hidden)", "changed",
                "password of " + target + " changed"};
        }
    }

    @Command(name = "authorize", description = "Lets a center send to a viewer or a viewer group, for every modality or one.")
    static class Authorize extends Change {
        @Option(names = "--center", required = true) String center;
        @CommandLine.ArgGroup(multiplicity = "1") To to;
        @Option(names = "--modality", description = "only this modality (default: all)") String modality;

        static class To {
            @Option(names = "--viewer", paramLabel = "CODE") String viewer;
            @Option(names = "--group", paramLabel = "GROUP") String group;
        }

        @Override
        String[] change(Directory directory) {
            String target = to.viewer != null ? "viewer " + to.viewer : "group " + to.group;
            if (to.viewer != null) {
                directory.authorize(center, to.viewer, modality);
            } else {
                directory.authorizeGroup(center, to.group, modality);
            }
            String scope = modality == null ? "all studies" : modality + " studies";
            return new String[] {"authorize", "center " + center + " → " + target, "not authorized", scope,
                "center " + center + " may send " + scope + " to " + target};
        }
    }

    @Command(name = "authorizations", description = "Lists who may send to whom (the numbers are for 'revoke').")
    static class Authorizations implements Callable<Integer> {
        @CommandLine.Mixin DatacenterCli.Common common;

        @Override
        public Integer call() throws Exception {
            try (Database db = common.database()) {
                var grants = new Directory(db.sessionFactory(), Clock.systemUTC()).grants();
                if (grants.isEmpty()) {
                    System.out.println("No center may send anywhere yet; 'datacenter authorize' grants a route.");
                }
                for (Grant g : grants) {
                    System.out.printf("%-6s center %-10s → %-20s %s%n", g.id(), g.centerCode(), g.to(), g.modalityText());
                }
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Withdraws an authorization by its number (see 'authorizations').")
    static class Revoke extends Change {
        @Parameters(paramLabel = "NUMBER") String number;

        @Override
        String[] change(Directory directory) {
            Grant grant = directory.revoke(number);
            return new String[] {"revoke", "center " + grant.centerCode() + " → " + grant.to(), grant.modalityText(), "not authorized",
                "center " + grant.centerCode() + " may no longer send " + grant.modalityText() + " to " + grant.to()};
        }
    }
}

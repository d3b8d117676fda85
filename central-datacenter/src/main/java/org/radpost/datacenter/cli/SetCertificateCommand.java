package org.radpost.datacenter.cli;

import java.nio.file.Path;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.directory.SmimeCertificates;
import org.radpost.wire.smime.Certificates;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Holds a center's or viewer's S/MIME certificate in the directory (a new one replaces the old: rotation). */
@Command(name = "set-certificate", description = "Holds the S/MIME certificate (PEM) of a center or a viewer in the directory."
        + " From then on the data center refuses that account's unsigned messages and encrypts deliveries to it.")
final class SetCertificateCommand extends DirectoryCommands.Change {
    @CommandLine.ArgGroup(multiplicity = "1") Who who;
    @Option(names = "--certificate", required = true, description = "the certificate file (PEM or DER)") Path certificate;

    static class Who {
        @Option(names = "--center", paramLabel = "CODE") String center;
        @Option(names = "--viewer", paramLabel = "CODE") String viewer;
    }

    @Override
    String[] change(Directory directory) throws Exception {
        var held = Certificates.read(certificate);
        SmimeCertificates certificates = new SmimeCertificates(directory);
        String target = who.center != null ? "center " + who.center : "viewer " + who.viewer;
        String address = who.center != null ? directory.requireCenter(who.center).address() : directory.requireViewer(who.viewer).address();
        String before = certificates.of(address).map(SmimeCertificates::describe).orElse("none");
        if (who.center != null) {
            certificates.setForCenter(who.center, held);
        } else {
            certificates.setForViewer(who.viewer, held);
        }
        String after = SmimeCertificates.describe(held);
        return new String[] {"smime-certificate", target, before, after, "S/MIME certificate of " + target + ": " + after};
    }
}

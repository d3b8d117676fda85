package org.radpost.datacenter.cli;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.directory.SmimeCertificates;
import org.radpost.datacenter.smime.KeyFiles;
import org.radpost.schema.Database;
import org.radpost.wire.smime.Certificates;
import org.radpost.wire.smime.SmimeIdentity;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.tls.KeyStorePassword;
import org.radpost.wire.tls.OwnerOnly;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Issues certificates from the deployment CA; for a center or viewer of the directory it also holds the S/MIME certificate. */
@Command(name = "certificate", description = "Issues a certificate from the deployment CA (created in the TLS"
        + " folder if there is none yet) for a center, a viewer (TLS client and S/MIME) or another data-center host."
        + " Writes <alias>.p12 (with its own random password in <alias>.password, owner-only) next to truststore.p12,"
        + " and the CA as ca.pem for clients that read PEM"
        + " (curl, swaks, fetchmail). With --center or --viewer the certificate is issued for that account's address"
        + " and held in the directory as its S/MIME certificate (audited), and <alias>.pem is written too.")
final class CertificateCommand implements Callable<Integer> {
    @CommandLine.Mixin DatacenterCli.Common common;
    @Option(names = "--alias", description = "file name and key alias, e.g. center1 (default: the account's code)") String alias;
    @Option(names = "--name", description = "the certificate's common name, e.g. center1@radpost.example"
            + " (default: the account's address)") String name;
    @Option(names = "--host", split = ",", description = "host names or IP addresses it may serve (servers only)") List<String> hosts;
    @Option(names = "--center", paramLabel = "CODE", description = "issue for this center and hold it in the directory") String center;
    @Option(names = "--viewer", paramLabel = "CODE", description = "issue for this viewer and hold it in the directory") String viewer;
    @Option(names = "--by", defaultValue = "${sys:user.name}", description = "who makes the change (audit)") String by;

    @Override
    public Integer call() throws Exception {
        if (center != null && viewer != null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "give --center or --viewer, not both");
        }
        DatacenterConfig config = common.load();
        DeploymentCa ca = DeploymentCa.loadOrCreate(config.tlsDir(), "RadPost " + config.domain(), config.keyStorePassword(),
                config.trustStorePassword());
        if (center == null && viewer == null) {
            if (alias == null || name == null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "give --alias and --name, or --center/--viewer CODE");
            }
            return issue(ca, config, alias, name, hosts == null ? List.of() : hosts);
        }
        try (Database db = common.database()) {
            Directory directory = new Directory(db.sessionFactory(), Clock.systemUTC());
            String code = center != null ? center : viewer;
            String address = center != null ? directory.requireCenter(center).address() : directory.requireViewer(viewer).address();
            String file = alias != null ? alias : code;
            char[] password = issueWithPassword(ca, config, file, address, List.of());
            var certificate = SmimeIdentity.load(config.tlsDir().resolve(file + ".p12"), password).certificate();
            Path pem = config.tlsDir().resolve(file + ".pem");
            Certificates.write(certificate, pem);
            SmimeCertificates certificates = new SmimeCertificates(directory);
            String before = certificates.of(address).map(SmimeCertificates::describe).orElse("none");
            if (center != null) {
                certificates.setForCenter(center, certificate);
            } else {
                certificates.setForViewer(viewer, certificate);
            }
            String target = (center != null ? "center " : "viewer ") + code;
            DatacenterCli.audit(db).record(DatacenterCli.actor(by), "smime-certificate", target, before,
                    SmimeCertificates.describe(certificate), null);
            System.out.println("the directory holds " + pem + " as the S/MIME certificate of " + target);
        }
        return 0;
    }

    private static int issue(DeploymentCa ca, DatacenterConfig config, String alias, String name, List<String> hosts)
            throws Exception {
        issueWithPassword(ca, config, alias, name, hosts);
        return 0;
    }

    /** The key store goes to a center, viewer or host: it gets a password of its own, never the CA's. */
    private static char[] issueWithPassword(DeploymentCa ca, DatacenterConfig config, String alias, String name,
                                            List<String> hosts) throws Exception {
        char[] password = KeyStorePassword.random();
        var identity = ca.issue(alias, name, hosts, password);
        KeyFiles.ownerOnly(identity.keyStore());
        Path passwordFile = config.tlsDir().resolve(alias + ".password");
        Files.deleteIfExists(passwordFile);
        try (OutputStream out = OwnerOnly.newFile(passwordFile)) {
            out.write(new String(password).getBytes(StandardCharsets.US_ASCII));
        }
        Path pem = ca.writeCertificatePem(config.tlsDir().resolve("ca.pem"));
        System.out.println("issued " + identity.keyStore() + " for " + name + " (its PKCS12 password is in " + passwordFile
                + ", readable by you only); trust store " + identity.trustStore() + ", CA certificate " + pem);
        return password;
    }
}

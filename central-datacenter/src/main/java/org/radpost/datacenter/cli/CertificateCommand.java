package org.radpost.datacenter.cli;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.tls.KeyStorePassword;
import org.radpost.wire.tls.OwnerOnly;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Issues certificates from the deployment CA. */
@Command(name = "certificate", description = "Issues a certificate from the deployment CA (created in the TLS"
        + " folder if there is none yet) for a center, a viewer (TLS client and S/MIME) or another data-center host."
        + " Writes <alias>.p12 (with its own random password in <alias>.password, owner-only) next to truststore.p12, and the CA as ca.pem for clients that read PEM (curl, swaks, fetchmail).")
final class CertificateCommand implements Callable<Integer> {
    @CommandLine.Mixin DatacenterCli.Common common;
    @Option(names = "--alias", required = true, description = "file name and key alias, e.g. center1") String alias;
    @Option(names = "--name", required = true, description = "the certificate's common name, e.g. center1@radpost.example") String name;
    @Option(names = "--host", split = ",", description = "host names or IP addresses it may serve (servers only)") List<String> hosts;

    @Override
    public Integer call() throws Exception {
        DatacenterConfig config = common.load();
        DeploymentCa ca = DeploymentCa.loadOrCreate(config.tlsDir(), "RadPost " + config.domain(), config.keyStorePassword(),
                config.trustStorePassword());
        // The key store goes to a center or viewer: it gets a password of its own, never the CA's.
        char[] password = KeyStorePassword.random();
        var identity = ca.issue(alias, name, hosts == null ? List.of() : hosts, password);
        Path passwordFile = config.tlsDir().resolve(alias + ".password");
        Files.deleteIfExists(passwordFile);
        try (OutputStream out = OwnerOnly.newFile(passwordFile)) {
            out.write(new String(password).getBytes(StandardCharsets.US_ASCII));
        }
        Path pem = ca.writeCertificatePem(config.tlsDir().resolve("ca.pem"));
        System.out.println("issued " + identity.keyStore() + " for " + name + " (its PKCS12 password is in " + passwordFile
                + ", readable by you only); trust store " + identity.trustStore() + ", CA certificate " + pem);
        return 0;
    }
}

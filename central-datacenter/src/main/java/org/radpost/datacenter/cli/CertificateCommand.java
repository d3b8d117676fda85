package org.radpost.datacenter.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.wire.tls.DeploymentCa;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Issues certificates from the deployment CA. */
@Command(name = "certificate", description = "Issues a certificate from the deployment CA (created in the TLS"
        + " folder if there is none yet) for a center, a viewer (TLS client and S/MIME) or another data-center host."
        + " Writes <alias>.p12 next to truststore.p12, and the CA as ca.pem for clients that read PEM (curl, swaks, fetchmail).")
final class CertificateCommand implements Callable<Integer> {
    @CommandLine.Mixin DatacenterCli.Common common;
    @Option(names = "--alias", required = true, description = "file name and key alias, e.g. center1") String alias;
    @Option(names = "--name", required = true, description = "the certificate's common name, e.g. center1@radpost.example") String name;
    @Option(names = "--host", split = ",", description = "host names or IP addresses it may serve (servers only)") List<String> hosts;

    @Override
    public Integer call() throws Exception {
        DatacenterConfig config = common.load();
        DeploymentCa ca = DeploymentCa.loadOrCreate(config.tlsDir(), "RadPost " + config.domain(), config.tlsPassword());
        var identity = ca.issue(alias, name, hosts == null ? List.of() : hosts);
        Path pem = ca.writeCertificatePem(config.tlsDir().resolve("ca.pem"));
        System.out.println("issued " + identity.keyStore() + " for " + name + "; trust store " + identity.trustStore()
                + ", CA certificate " + pem + " (PKCS12 password: the data center's TLS password)");
        return 0;
    }
}

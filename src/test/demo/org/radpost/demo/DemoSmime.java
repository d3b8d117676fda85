package org.radpost.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.directory.SmimeCertificates;
import org.radpost.viewer.poll.SealedMail;
import org.radpost.wire.smime.DataCenterMail;
import org.radpost.wire.smime.SmimeIdentity;
import org.radpost.wire.smime.SmimeSealer;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.tls.KeyStorePassword;

/**
 * The demo's S/MIME parties, as an operator sets them up with {@code datacenter certificate --center/--viewer}: a key
 * and certificate from the deployment CA for the center and for the first viewer, held in the directory, so the data
 * center refuses their plain mail and seals what it delivers to the viewer and sends back to the center.
 */
final class DemoSmime {
    private static final char[] PARTY_PASSWORD = "demo-smime-pw".toCharArray();

    private final DataCenter dataCenter;
    private final DeploymentCa ca;
    private final SmimeIdentity center;
    private final SmimeIdentity viewer;

    private DemoSmime(DataCenter dataCenter, DeploymentCa ca, SmimeIdentity center, SmimeIdentity viewer) {
        this.dataCenter = dataCenter;
        this.ca = ca;
        this.center = center;
        this.viewer = viewer;
    }

    /** Issues the center's and the viewer's keys and puts their certificates in the directory. */
    static DemoSmime issue(DataCenter dataCenter, String centerCode, String centerAddress, String viewerCode,
                           String viewerAddress) throws IOException {
        Path tls = dataCenter.config().tlsDir();
        DeploymentCa ca = DeploymentCa.load(tls, KeyStorePassword.of(tls), DeploymentCa.PUBLIC_TRUST_STORE_PASSWORD.toCharArray());
        SmimeIdentity center = SmimeIdentity.load(ca.issue(centerCode + "-smime", centerAddress, List.of(), PARTY_PASSWORD)
                .keyStore(), PARTY_PASSWORD);
        SmimeIdentity viewer = SmimeIdentity.load(ca.issue(viewerCode + "-smime", viewerAddress, List.of(), PARTY_PASSWORD)
                .keyStore(), PARTY_PASSWORD);
        SmimeCertificates held = new SmimeCertificates(dataCenter.directory());
        held.setForCenter(centerCode, center.certificate());
        held.setForViewer(viewerCode, viewer.certificate());
        return new DemoSmime(dataCenter, ca, center, viewer);
    }

    /** The center's message signed with its key and encrypted to the data center, as the packager does. */
    Path sealFromCenter(Path plain) throws IOException {
        Path sealed = plain.resolveSibling("sealed-" + plain.getFileName());
        new SmimeSealer().seal(plain, center, dataCenter.smime().certificate(), sealed);
        return sealed;
    }

    /** What the center's packager opens its receipts and results with: its key, the data center's signature required. */
    DataCenterMail centerMail() {
        return new DataCenterMail(center, dataCenter.smime().certificate(), List.of(ca.certificate()));
    }

    /** What the viewer agent opens its mail with and seals its results with. */
    SealedMail viewerMail() {
        return new SealedMail(viewer, dataCenter.smime().certificate(), List.of(ca.certificate()));
    }
}

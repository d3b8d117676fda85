package org.radpost.wire.smime;

import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Registers Bouncy Castle once: S/MIME's CMS operations name it as their provider. */
final class Providers {
    private Providers() {}

    /** The provider's name, registered on first use. */
    static synchronized String bc() {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        return BouncyCastleProvider.PROVIDER_NAME;
    }
}

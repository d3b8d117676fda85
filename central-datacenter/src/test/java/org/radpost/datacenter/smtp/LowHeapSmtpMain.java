package org.radpost.datacenter.smtp;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.radpost.datacenter.directory.Account;
import org.radpost.datacenter.directory.Accounts;
import org.radpost.wire.tls.TlsIdentity;

/**
 * An SMTP server in its own small-heap JVM for {@link LargeMessageTest}: its sink only counts the bytes it
 * streams, so the heap shows what the SMTP edge itself keeps. Prints {@code PORT n}; when stdin closes it prints
 * {@code PEAK_HEAP bytes} and exits.
 */
public final class LowHeapSmtpMain {
    private LowHeapSmtpMain() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        char[] password = args[1].toCharArray();
        long maxSize = Long.parseLong(args[2]);
        TlsIdentity identity = new TlsIdentity(folder.resolve("ca/datacenter.p12"), password,
                folder.resolve("ca/truststore.p12"), password);
        MessageSink countingSink = (envelope, message) -> new SinkResult.Accepted(Long.toString(count(message)));
        Accounts accounts = (user, pw) -> SmtpFixture.CENTER_USER.equals(user) && SmtpFixture.CENTER_PASSWORD.equals(pw)
                ? Optional.of(new Account(user, Account.Kind.CENTER, java.util.Set.of(SmtpFixture.CENTER_ADDRESS)))
                : Optional.empty();
        SmtpServer server = new SmtpServer(SmtpServerConfig.loopback(maxSize, folder.resolve("staging")),
                identity.sslContext(), accounts, RecipientPolicy.acceptAll(), countingSink);
        server.start();
        System.out.println("PORT " + server.smtpsPort());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("PEAK_HEAP " + peak);
        System.out.flush();
        server.stop();
        System.exit(0);
    }

    private static long count(InputStream message) throws java.io.IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = message.read(buffer)) != -1; ) {
            total += n;
        }
        return total;
    }
}

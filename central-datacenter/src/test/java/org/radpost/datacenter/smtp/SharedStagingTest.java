package org.radpost.datacenter.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;

/**
 * Two nodes on one data folder and one database: a node that starts while the other is receiving a message's DATA
 * leaves that transfer alone, and the message is acknowledged and stored.
 */
class SharedStagingTest {
    @TempDir
    Path dir;

    @Test
    void aNodeStartingOnTheSharedDataFolderLeavesAnotherNodesTransferInProgressAlone() throws Exception {
        try (DataCenterFixture first = DataCenterFixture.start(dir, true)) {
            Path data = dir.resolve("dc");
            SampleStudy.ct().writeImages(dir.resolve("study"), 1);
            Path eml = first.packageStudy(dir.resolve("study"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0);
            byte[] message = Files.readAllBytes(eml);
            int half = message.length / 2;
            try (RawSmtpClient client = RawSmtpClient.authenticated(first.dataCenter.smtpsPort(),
                    trusting(first.dataCenter.trustStore()), DataCenterFixture.CENTER, DataCenterFixture.PASSWORD)) {
                assertThat(client.command("MAIL FROM:<" + DataCenterFixture.CENTER + ">")).startsWith("250");
                assertThat(client.command("RCPT TO:<" + DataCenterFixture.VIEWER + ">")).startsWith("250");
                assertThat(client.command("DATA")).startsWith("354");
                client.sendBytes(Arrays.copyOfRange(message, 0, half));
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stagingFiles(data) > 0);

                try (DataCenter second = DataCenter.start(DatacenterConfig.local(data, first.database), Clock.systemUTC())) {
                    client.sendBytes(Arrays.copyOfRange(message, half, message.length));
                    client.send(message[message.length - 1] == '\n' ? ".\r\n" : "\r\n.\r\n");
                    assertThat(client.reply()).as("the first node's reply to the DATA it was receiving").startsWith("250");
                }
            }
            first.drainPipeline();
            assertThat(first.count("select count(*) from instance")).isEqualTo(1);
        }
    }

    private static long stagingFiles(Path data) throws Exception {
        try (Stream<Path> files = Files.walk(data.resolve("smtp-staging"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static SSLContext trusting(Path trustStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            store.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }
}

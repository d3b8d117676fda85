package org.radpost.packager.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.packager.outbox.Outbox;
import org.radpost.packager.outbox.OutboxEntry;
import org.radpost.packager.outbox.OutboxPackager;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.SampleMessages;
import org.radpost.packager.watch.WatchedFolder;

/** dcmtk's storescu plays the modality. */
class DicomGatewayTest {
    @TempDir
    Path dir;

    @Test
    void objectsPushedByStorescuInThreeTransferSyntaxesAreQueuedAsOneStudyOnceQuiet() throws Exception {
        SampleStudy study = SampleStudy.ct();
        List<Path> implicit = study.transferSyntax(TransferSyntax.ImplicitVRLittleEndian).writeImages(dir.resolve("implicit"), 2);
        List<Path> explicit = study.transferSyntax(TransferSyntax.ExplicitVRLittleEndian).writeImages(dir.resolve("explicit"), 2);
        List<Path> bigEndian = study.transferSyntax(TransferSyntax.ExplicitVRBigEndian).writeImages(dir.resolve("big"), 2);
        Outbox outbox = Outbox.open(dir.resolve("outbox"));
        OutboxPackager packager = new OutboxPackager(outbox, new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP),
                SampleMessages.ADDRESSING);
        Path staging = dir.resolve("staging");
        // The quiet period must outlast starting the next storescu process, which takes seconds on a loaded
        // machine: shorter, and the study is packaged before its last objects arrive.
        GatewaySettings settings = new GatewaySettings(freePort(), "RADPOST", staging, Duration.ofSeconds(5),
                Duration.ofMillis(100));

        try (DicomGateway gateway = DicomGateway.start(settings, packager, Clock.systemUTC())) {
            storescu(settings.port(), "-xi", implicit);
            storescu(settings.port(), "-xe", explicit);
            storescu(settings.port(), "-xb", bigEndian);

            await().atMost(Duration.ofSeconds(30)).until(() -> !outbox.list().isEmpty());
        }

        List<OutboxEntry> queued = outbox.list();
        assertThat(queued).singleElement().satisfies(e -> {
            assertThat(e.studyUid()).isEqualTo(study.studyInstanceUid());
            assertThat(e.part()).isEqualTo("1/1");
        });
        assertThat(Files.readString(queued.get(0).eml(), StandardCharsets.US_ASCII)).contains("X-RadPost-Object-Count: 6");
        List<Path> sent = filesUnder(staging.resolve(WatchedFolder.SENT).resolve(study.studyInstanceUid()));
        assertThat(sent).hasSize(6);
        Set<String> syntaxes = new TreeSet<>();
        for (Path file : sent) {
            DicomSummary summary = new DicomHeaderReader().read(file);
            syntaxes.add(summary.transferSyntaxUid());
        }
        assertThat(syntaxes).as("stored as received, never converted").containsExactlyInAnyOrder(
                TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ExplicitVRBigEndian);
        assertThat(filesUnder(staging.resolve(WatchedFolder.FAILED))).isEmpty();
    }

    @Test
    void aJpegCompressedMultiFrameStudyIsStagedAndQueuedWithoutDecoding() throws Exception {
        SampleStudy study = SampleStudy.ct().transferSyntax(TransferSyntax.JPEGBaseline).frames(3);
        List<Path> jpeg = study.writeImages(dir.resolve("jpeg"), 2);
        Outbox outbox = Outbox.open(dir.resolve("outbox"));
        OutboxPackager packager = new OutboxPackager(outbox, new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP),
                SampleMessages.ADDRESSING);
        Path staging = dir.resolve("staging");
        GatewaySettings settings = new GatewaySettings(freePort(), "RADPOST", staging, Duration.ofSeconds(2),
                Duration.ofMillis(100));

        try (DicomGateway gateway = DicomGateway.start(settings, packager, Clock.systemUTC())) {
            storescu(settings.port(), "-xy", jpeg);
            await().atMost(Duration.ofSeconds(30)).until(() -> !outbox.list().isEmpty());
        }

        List<Path> sent = filesUnder(staging.resolve(WatchedFolder.SENT).resolve(study.studyInstanceUid()));
        assertThat(sent).hasSize(2);
        for (Path file : sent) {
            DicomSummary summary = new DicomHeaderReader().read(file);
            assertThat(summary.transferSyntaxUid()).isEqualTo(TransferSyntax.JPEGBaseline);
            assertThat(summary.numberOfFrames()).isEqualTo(3);
        }
    }

    @Test
    void refusesToStartOnAPortThatIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            GatewaySettings settings = new GatewaySettings(taken.getLocalPort(), "RADPOST", dir.resolve("staging"),
                    Duration.ofSeconds(1), Duration.ofMillis(100));
            OutboxPackager packager = new OutboxPackager(Outbox.open(dir.resolve("outbox")),
                    new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP), SampleMessages.ADDRESSING);

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DicomGateway.start(settings, packager, Clock.systemUTC()))
                    .isInstanceOf(IOException.class).hasMessageContaining("port " + taken.getLocalPort());
        }
    }

    @Test
    void aCallingAeTitleOffTheAllowListIsRejectedAtAssociationAndNothingIsStaged() throws Exception {
        List<Path> images = SampleStudy.ct().writeImages(dir.resolve("allowed"), 1);
        OutboxPackager packager = new OutboxPackager(Outbox.open(dir.resolve("outbox")),
                new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP), SampleMessages.ADDRESSING);
        Path staging = dir.resolve("staging");
        GatewaySettings settings = new GatewaySettings(freePort(), "127.0.0.1", "RADPOST", java.util.Set.of("MODALITY1"), staging,
                Duration.ofSeconds(60), Duration.ofMillis(100));

        try (DicomGateway gateway = DicomGateway.start(settings, packager, Clock.systemUTC())) {
            StorescuRun refused = storescuAs("INTRUDER", settings.port(), "-xe", images);
            assertThat(refused.exitCode()).as(refused.output()).isNotZero();
            assertThat(refused.output()).containsIgnoringCase("Association Rejected").containsIgnoringCase("Calling AE Title Not Recognized");
            assertThat(filesUnder(staging).stream().filter(f -> f.toString().endsWith(".dcm"))).isEmpty();

            StorescuRun allowed = storescuAs("MODALITY1", settings.port(), "-xe", images);
            assertThat(allowed.exitCode()).as(allowed.output()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> filesUnder(staging).stream().anyMatch(f -> f.toString().endsWith(".dcm")));
        }
    }

    @Test
    void listensOnTheBindAddressOnly() throws Exception {
        java.util.Optional<java.net.InetAddress> lan = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress()).findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(lan.isPresent(), "needs a non-loopback IPv4 address");
        OutboxPackager packager = new OutboxPackager(Outbox.open(dir.resolve("outbox")),
                new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP), SampleMessages.ADDRESSING);
        GatewaySettings settings = new GatewaySettings(freePort(), "RADPOST", dir.resolve("staging"), Duration.ofSeconds(5),
                Duration.ofMillis(100));
        assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");

        try (DicomGateway gateway = DicomGateway.start(settings, packager, Clock.systemUTC())) {
            try (java.net.Socket loopback = new java.net.Socket("127.0.0.1", settings.port())) {
                assertThat(loopback.isConnected()).isTrue();
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new java.net.Socket(lan.get(), settings.port()).close())
                    .isInstanceOf(java.net.ConnectException.class);
        }
    }

    private static void storescu(int port, String syntaxOption, List<Path> files) throws Exception {
        StorescuRun run = storescuAs("MODALITY1", port, syntaxOption, files);
        assertThat(run.exitCode()).as("storescu %s said: %s", syntaxOption, run.output()).isZero();
    }

    record StorescuRun(int exitCode, String output) {}

    private static StorescuRun storescuAs(String callingAeTitle, int port, String syntaxOption, List<Path> files) throws Exception {
        List<String> command = new ArrayList<>(List.of("storescu", "-aet", callingAeTitle, "-aec", "RADPOST", syntaxOption,
                "127.0.0.1", Integer.toString(port)));
        files.forEach(f -> command.add(f.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new StorescuRun(process.waitFor(), output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}

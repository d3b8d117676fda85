package org.radpost.packager.gateway;

import com.pixelmed.dicom.StoredFilePathStrategy;
import com.pixelmed.network.AnyExplicitStorePresentationContextSelectionPolicy;
import com.pixelmed.network.ReceivedObjectHandler;
import com.pixelmed.network.StorageSOPClassSCPDispatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.radpost.wire.internal.DurableFiles;
import org.radpost.packager.outbox.OutboxPackager;
import org.radpost.packager.watch.WatchedFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DICOM C-STORE SCP (PixelMed) that modalities push to. Each received object is stored as received (any
 * transfer syntax PixelMed accepts, compressed ones included: pixels are never decoded), moved into the
 * staging folder, and from there a {@link WatchedFolder} groups objects by study and queues a study in the
 * outbox once no object of it has arrived for the quiet period.
 */
public final class DicomGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DicomGateway.class);
    /** Hidden, so the watcher never sees a half-received object. */
    private static final String RECEIVING = ".receiving";

    private final GatewaySettings settings;
    private final StorageSOPClassSCPDispatcher dispatcher;
    private final Thread listener;
    private final WatchedFolder staging;

    private DicomGateway(GatewaySettings settings, StorageSOPClassSCPDispatcher dispatcher, Thread listener,
                         WatchedFolder staging) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.listener = listener;
        this.staging = staging;
    }

    /** Starts listening and forwarding; returns once the port accepts associations. */
    public static DicomGateway start(GatewaySettings settings, OutboxPackager packager, Clock clock) throws IOException {
        Path receiving = settings.staging().resolve(RECEIVING);
        Files.createDirectories(receiving);
        WatchedFolder staging = new WatchedFolder(settings.staging(), settings.quietPeriod(), Duration.ZERO, packager, clock);
        ReceivedObjectHandler handler = new ReceivedObjectHandler() {
            @Override
            public void sendReceivedObjectIndication(String fileName, String transferSyntax, String callingAeTitle)
                    throws IOException {
                Path received = Paths.get(fileName);
                Path staged = settings.staging().resolve(received.getFileName().toString() + ".dcm");
                DurableFiles.move(received, staged);
                LOG.info("received {} from {} in {}", received.getFileName(), callingAeTitle, transferSyntax);
            }
        };
        StorageSOPClassSCPDispatcher dispatcher = new StorageSOPClassSCPDispatcher(settings.port(), settings.aeTitle(),
                receiving.toFile(), StoredFilePathStrategy.BYSOPINSTANCEUIDINSINGLEFOLDER, handler, null, null, null,
                new AnyExplicitStorePresentationContextSelectionPolicy(), false);
        Thread listener = new Thread(dispatcher, "dicom-gateway " + settings.aeTitle() + ":" + settings.port());
        listener.setDaemon(true);
        listener.start();
        awaitReady(dispatcher, listener, settings);
        staging.start(settings.pollInterval());
        LOG.info("DICOM gateway {} listening on port {}; staging in {}", settings.aeTitle(), settings.port(), settings.staging());
        return new DicomGateway(settings, dispatcher, listener, staging);
    }

    private static void awaitReady(StorageSOPClassSCPDispatcher dispatcher, Thread listener, GatewaySettings settings) throws IOException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!dispatcher.isReady()) {
            if (!listener.isAlive() || Instant.now().isAfter(deadline)) {
                dispatcher.shutdown();
                throw new IOException("the DICOM gateway could not listen on port " + settings.port()
                        + " (in use? gateway.port)");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting the DICOM gateway", e);
            }
        }
    }

    public GatewaySettings settings() {
        return settings;
    }

    /** The staging folder's watcher (studies waiting for their quiet period). */
    public WatchedFolder staging() {
        return staging;
    }

    @Override
    public void close() {
        dispatcher.shutdown();
        staging.close();
        try {
            listener.join(1000); // PixelMed notices shutdown at its next accept time-out; the thread is a daemon anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

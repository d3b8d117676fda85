package org.radpost.packager.gateway;

import com.pixelmed.dicom.StoredFilePathStrategy;
import com.pixelmed.network.AnyExplicitStorePresentationContextSelectionPolicy;
import com.pixelmed.network.ApplicationEntityMap;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.ReceivedObjectHandler;
import com.pixelmed.network.StorageSOPClassSCP;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import org.radpost.wire.internal.DurableFiles;
import org.radpost.packager.outbox.OutboxPackager;
import org.radpost.packager.watch.WatchedFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DICOM C-STORE SCP (PixelMed) that modalities push to, listening on {@code gateway.bind} only and admitting
 * only the calling AE titles of {@code gateway.allowed-ae-titles} ({@link AssociationGate}; a refusal is an
 * A-ASSOCIATE-RJ and a log line). Each received object is stored as received (any transfer syntax PixelMed
 * accepts, compressed ones included: pixels are never decoded), moved into the staging folder, and from there a
 * {@link WatchedFolder} groups objects by study and queues a study in the outbox once no object of it has arrived
 * for the quiet period.
 */
public final class DicomGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DicomGateway.class);
    /** Hidden, so the watcher never sees a half-received object. */
    private static final String RECEIVING = ".receiving";
    /** How long a new connection may take to send its association request. */
    private static final int REQUEST_TIMEOUT_MS = 30_000;

    private final GatewaySettings settings;
    private final ServerSocket listening;
    private final ExecutorService associations;
    private final Thread acceptor;
    private final WatchedFolder staging;

    private DicomGateway(GatewaySettings settings, ServerSocket listening, ExecutorService associations, Thread acceptor,
                         WatchedFolder staging) {
        this.settings = settings;
        this.listening = listening;
        this.associations = associations;
        this.acceptor = acceptor;
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
        ServerSocket listening = new ServerSocket();
        try {
            listening.setReuseAddress(true);
            listening.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port()), 50);
        } catch (IOException e) {
            listening.close();
            throw new IOException("the DICOM gateway could not listen on " + settings.bindAddress() + " port " + settings.port()
                    + " (in use? gateway.port, gateway.bind): " + e.getMessage(), e);
        }
        ExecutorService associations = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dicom-gateway association");
            t.setDaemon(true);
            return t;
        });
        AssociationGate gate = new AssociationGate(settings.allowedCallingAeTitles());
        Thread acceptor = new Thread(() -> acceptLoop(listening, associations, gate, settings, receiving, handler),
                "dicom-gateway " + settings.aeTitle() + ":" + settings.port());
        acceptor.setDaemon(true);
        acceptor.start();
        staging.start(settings.pollInterval());
        if (settings.allowedCallingAeTitles().isEmpty() && !listening.getInetAddress().isLoopbackAddress()) {
            LOG.warn("DICOM gateway on {} accepts any calling AE title: set gateway.allowed-ae-titles", settings.bindAddress());
        }
        LOG.info("DICOM gateway {} listening on {} port {}{}; staging in {}", settings.aeTitle(), settings.bindAddress(),
                settings.port(), settings.allowedCallingAeTitles().isEmpty() ? "" : " for " + settings.allowedCallingAeTitles(),
                settings.staging());
        return new DicomGateway(settings, listening, associations, acceptor, staging);
    }

    private static void acceptLoop(ServerSocket listening, ExecutorService associations, AssociationGate gate,
                                   GatewaySettings settings, Path receiving, ReceivedObjectHandler handler) {
        while (!listening.isClosed()) {
            try {
                Socket socket = listening.accept();
                associations.execute(() -> serve(socket, gate, settings, receiving, handler));
            } catch (IOException e) {
                if (!listening.isClosed()) {
                    LOG.warn("the DICOM gateway could not accept a connection: {}", e.getMessage());
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // closing
            }
        }
    }

    /** One connection: the gate first, then PixelMed's storage SCP for the association it admitted. */
    private static void serve(Socket socket, AssociationGate gate, GatewaySettings settings, Path receiving,
                              ReceivedObjectHandler handler) {
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        try {
            socket.setSoTimeout(REQUEST_TIMEOUT_MS);
            AssociationGate.Decision decision = gate.check(socket);
            if (decision instanceof AssociationGate.Decision.Refused refused) {
                LOG.warn("DICOM gateway refused an association from {}: {}", peer, refused.reason());
                socket.close();
                return;
            }
            var admitted = (AssociationGate.Decision.Admitted) decision;
            socket.setSoTimeout(0);
            new StorageSOPClassSCP(admitted.socket(), settings.aeTitle(), AssociationFactory.getDefaultMaximumLengthReceived(),
                    AssociationFactory.getDefaultReceiveBufferSize(), AssociationFactory.getDefaultSendBufferSize(),
                    receiving.toFile(), StoredFilePathStrategy.BYSOPINSTANCEUIDINSINGLEFOLDER, handler, null, null, null,
                    new ApplicationEntityMap(), new AnyExplicitStorePresentationContextSelectionPolicy()).run();
        } catch (Exception e) {
            LOG.warn("DICOM gateway association from {} failed: {}", peer, e.toString());
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
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
        try {
            listening.close();
        } catch (IOException e) {
            LOG.warn("closing the DICOM gateway's port: {}", e.getMessage());
        }
        associations.shutdownNow();
        staging.close();
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.radpost.wire.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test-only points in {@link DeploymentCa#loadOrCreate}, so a test can hold one node between "no CA here yet" and
 * writing its own, and see whether a second node then waits for it. Only when the system property
 * {@code radpost.test.ca-hook} names a folder do they do anything: each point leaves a marker file there
 * ({@code <point>-<pid>}), and {@link #noCaYet} then waits for a file {@code go} in it. Otherwise a point costs one
 * property read.
 */
final class CaCreationHook {
    static final String PROPERTY = "radpost.test.ca-hook";
    private static final long MAX_WAIT_MILLIS = 120_000;

    private CaCreationHook() {}

    /** The folder holds no CA and this node is about to write one. */
    static void noCaYet() throws IOException {
        Path folder = marker("no-ca-yet");
        if (folder == null) {
            return;
        }
        long deadline = System.currentTimeMillis() + MAX_WAIT_MILLIS;
        while (!Files.exists(folder.resolve("go")) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Another node (process) holds the CA lock: this one is about to wait for it. */
    static void lockBusy() throws IOException {
        marker("lock-busy");
    }

    private static Path marker(String point) throws IOException {
        String folder = System.getProperty(PROPERTY);
        if (folder == null) {
            return null;
        }
        Path path = Path.of(folder);
        Files.writeString(path.resolve(point + "-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId()), "");
        return path;
    }
}

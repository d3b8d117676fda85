package org.radpost.wire.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two data-center nodes starting at once on one shared data folder: each calls {@link DeploymentCa#loadOrCreate} in
 * its own JVM on the empty folder. Both must end up with the same CA, the one on disk; without a lock each made its
 * own and the later overwrote the earlier, so the certificates one node had issued no longer chained to the trust
 * store.
 *
 * <p>Deterministic, no timing: the test hook ({@link CaCreationHook}) holds the first node between finding no CA and
 * writing one. The second node is started only then, and the test waits until it has either passed the same check
 * (no lock: it too is about to write) or found the lock busy (it waits), before letting the first go on.
 */
class DeploymentCaLockTest {
    private static final String PASSWORD = "node-shared-pw";
    @TempDir Path dir;

    @Test
    void twoNodesStartingAtOnceOnAnEmptyFolderGetTheSameCa() throws Exception {
        Path folder = dir.resolve("shared-data").resolve("tls");
        Path hook = Files.createDirectories(dir.resolve("hook"));

        Process first = node(folder, hook, "first");
        await().atMost(Duration.ofSeconds(60)).until(() -> markers(hook, "no-ca-yet").size() == 1);
        Process second = node(folder, hook, "second");
        await().atMost(Duration.ofSeconds(60)).until(() -> markers(hook, "no-ca-yet").size() == 2
                || !markers(hook, "lock-busy").isEmpty());
        Files.writeString(hook.resolve("go"), "");

        String firstCa = result(first, "first");
        String secondCa = result(second, "second");
        assertThat(secondCa).as("both nodes hold the same CA").isEqualTo(firstCa);
        assertThat(fingerprint(onDisk(folder))).as("the CA on disk is the one both hold").isEqualTo(firstCa);
        assertThat(markers(hook, "lock-busy")).as("the second node found the first holding the lock").hasSize(1);
        assertThat(markers(hook, "no-ca-yet")).as("only one node wrote a CA").hasSize(1);
    }

    @Test
    void twoThreadsOfOneProcessTakeTurnsInsteadOfFailingOnTheFileLock() throws Exception {
        Path folder = dir.resolve("tls");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> cas = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                cas.add(threads.submit(() -> {
                    start.await();
                    return fingerprint(DeploymentCa.loadOrCreate(folder, "RadPost radpost.test", PASSWORD.toCharArray()).certificate());
                }));
            }
            start.countDown();
            assertThat(cas.get(1).get(120, TimeUnit.SECONDS)).isEqualTo(cas.get(0).get(120, TimeUnit.SECONDS))
                    .isEqualTo(fingerprint(onDisk(folder)));
        } finally {
            threads.shutdownNow();
        }
    }

    /** One node: a JVM of its own calling loadOrCreate, printing its CA certificate's SHA-256 fingerprint. */
    private Process node(Path folder, Path hook, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + CaCreationHook.PROPERTY + "=" + hook, "-cp", System.getProperty("java.class.path"),
                Node.class.getName(), folder.toString()));
        return new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    private String result(Process node, String name) throws Exception {
        assertThat(node.waitFor(120, TimeUnit.SECONDS)).as(name + " node finished").isTrue();
        String err = Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8);
        assertThat(node.exitValue()).as(name + " node's exit code; stderr:\n" + err).isZero();
        return Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8).strip();
    }

    private static List<Path> markers(Path hook, String point) throws IOException {
        try (Stream<Path> files = Files.list(hook)) {
            return files.filter(f -> f.getFileName().toString().startsWith(point + "-")).toList();
        }
    }

    private static Certificate onDisk(Path folder) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(folder.resolve(DeploymentCa.CA_FILE))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store.getCertificate("radpost-ca");
    }

    static String fingerprint(Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    /** The node's main: load or create the CA in the folder given, print its fingerprint. */
    public static final class Node {
        public static void main(String[] args) throws Exception {
            DeploymentCa ca = DeploymentCa.loadOrCreate(Path.of(args[0]), "RadPost radpost.test", PASSWORD.toCharArray());
            System.out.println(fingerprint(ca.certificate()));
        }
    }
}

package org.radpost.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.radpost.viewer.ViewerAgent;
import org.radpost.viewer.config.MailServer;
import org.radpost.viewer.config.ViewerConfig;
import org.radpost.viewer.store.StudyInfo;
import org.radpost.wire.StudyUid;

/**
 * A viewer agent alone in its JVM, polling the data center's POP3S. Prints {@code READY}; then answers lines on
 * stdin: {@code wait <study UID> <images>} prints {@code ARRIVED <study UID> <wall-clock millis>} as soon as that
 * many of the study's images are in the worklist (watched every 10 ms, several studies at once); {@code quit} or
 * the end of stdin prints {@code PEAK <heap bytes> <rss bytes>} and stops.
 * Usage: {@code java -cp ... org.radpost.bench.ViewerNode <data folder> <pop3s port> <smtps port> <trust store> <poll seconds>
 * [mailbox events port, or off]}: with a port the agent listens to the data center's push and polls when mail lands.
 */
public final class ViewerNode {
    private ViewerNode() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]).toAbsolutePath();
        int pop3s = Integer.parseInt(args[1]);
        int smtps = Integer.parseInt(args[2]);
        Path trust = Path.of(args[3]);
        Duration poll = Duration.ofMillis((long) (Double.parseDouble(args[4]) * 1000));
        HeapWatch heap = HeapWatch.start();
        ViewerAgent agent = ViewerAgent.start(new ViewerConfig(data,
                new MailServer("127.0.0.1", pop3s, true, Bench.VIEWER, Bench.PASSWORD),
                new MailServer("127.0.0.1", smtps, true, Bench.VIEWER, Bench.PASSWORD),
                trust, "changeit", poll, "127.0.0.1", 0, "Dr. Viewer", Bench.VIEWER, "")
                .withEvents(args.length > 5 && !args[5].equals("off")
                        ? java.net.URI.create("https://127.0.0.1:" + args[5] + "/mailbox/events") : null));
        Map<String, Integer> wanted = new ConcurrentHashMap<>();
        Thread watcher = new Thread(() -> watch(agent, wanted), "arrival-watcher");
        watcher.setDaemon(true);
        watcher.start();
        System.out.println("READY");
        System.out.flush();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.strip().equals("quit")) {
            String[] words = line.strip().split(" ");
            if (words.length == 3 && words[0].equals("wait")) {
                wanted.put(words[1], Integer.parseInt(words[2]));
            }
        }
        watcher.interrupt();
        synchronized (System.out) {
            System.out.println("PEAK " + ProcessPeak.self("", heap.stop().sampled()).line());
            System.out.flush();
        }
        agent.close();
        System.exit(0);
    }

    private static void watch(ViewerAgent agent, Map<String, Integer> wanted) {
        while (!Thread.currentThread().isInterrupted()) {
            for (Map.Entry<String, Integer> study : wanted.entrySet()) {
                int received = agent.studies().find(StudyUid.of(study.getKey())).map(StudyInfo::imagesReceived).orElse(0);
                if (received >= study.getValue()) {
                    long now = System.currentTimeMillis();
                    wanted.remove(study.getKey());
                    synchronized (System.out) {
                        System.out.println("ARRIVED " + study.getKey() + " " + now);
                        System.out.flush();
                    }
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}

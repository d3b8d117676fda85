package org.radpost.viewer.poll;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.radpost.viewer.config.MailServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to the data center's {@code /mailbox/events} (W3C Server-Sent Events over HTTPS, signed in as the mailbox's
 * POP3 account) and hands each event on (the poller then polls now). It reconnects with backoff, and a stream silent
 * for three heartbeats is taken for dead and reopened. Nothing depends on it: the poller's interval still applies.
 */
public final class MailboxEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MailboxEvents.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    /** The data center writes a comment every 15 s: three missed is a dead connection. */
    static final Duration SILENCE = Duration.ofSeconds(45);

    private final URI url;
    private final String authorization;
    private final HttpClient client;
    private final Consumer<Boolean> onEvent;
    private final Thread thread;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "viewer-events-watchdog");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closing;
    private volatile InputStream open;
    private volatile long lastLineNanos;
    private volatile int connections;

    /** @param onEvent called with whether a STAT message waits, once per event, on the listener's thread */
    public MailboxEvents(URI url, MailServer account, SSLContext tls, Consumer<Boolean> onEvent) {
        this.url = url;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (account.user() + ":" + account.password()).getBytes(StandardCharsets.UTF_8));
        this.client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(20)).build();
        this.onEvent = onEvent;
        this.thread = new Thread(this::run, "viewer-events");
        this.thread.setDaemon(true);
    }

    public MailboxEvents start() {
        thread.start();
        watchdog.scheduleWithFixedDelay(this::closeIfSilent, 5, 5, TimeUnit.SECONDS);
        return this;
    }

    /** How many times a stream was opened (signed in and answered 200). */
    public int connections() {
        return connections;
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (!closing) {
            try {
                if (listenOnce()) {
                    backoff = FIRST_BACKOFF;   // it was up: try again soon
                }
            } catch (IOException | RuntimeException e) {
                if (!closing) {
                    log.info("the mailbox event stream {} is down ({}); polling goes on, reconnecting in {} s", url, e.toString(),
                            backoff.toSeconds());
                }
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** One stream until it ends; true when it was open. */
    private boolean listenOnce() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).header("Accept", "text/event-stream").header("Authorization", authorization)
                .GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                log.warn("the mailbox event stream {} answered {}{}; polling goes on", url, response.statusCode(),
                        response.statusCode() == 401 ? " (check pop3.user and pop3.password)" : "");
                return false;
            }
            connections++;
            open = body;
            lastLineNanos = System.nanoTime();
            BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String event = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while (!closing && (line = lines.readLine()) != null) {
                lastLineNanos = System.nanoTime();
                if (line.isEmpty()) {   // the event is complete
                    if (event.equals("mailbox") && data.length() > 0) {
                        onEvent.accept(data.toString().contains("\"stat\":true"));
                    }
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }   // a line starting with ':' is the heartbeat
            }
            return true;
        } finally {
            open = null;
        }
    }

    private void closeIfSilent() {
        InputStream body = open;
        if (body != null && System.nanoTime() - lastLineNanos > SILENCE.toNanos()) {
            log.info("the mailbox event stream {} was silent for {} s; reopening it", url, SILENCE.toSeconds());
            try {
                body.close();
            } catch (IOException e) {
                log.debug("closing a silent event stream", e);
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        watchdog.shutdownNow();
        InputStream body = open;
        if (body != null) {
            try {
                body.close();
            } catch (IOException e) {
                log.debug("closing the event stream", e);
            }
        }
        thread.interrupt();
    }
}

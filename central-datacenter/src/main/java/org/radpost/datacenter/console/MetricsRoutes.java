package org.radpost.datacenter.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics}: the node's metrics in Prometheus text format, outside the console's sign-in (a scraper
 * has no session). With {@code datacenter.metrics-token} set, a request must carry {@code Authorization: Bearer
 * <token>}; without it, only clients on this machine (loopback) are answered.
 */
final class MetricsRoutes {
    static final String PATH = "/metrics";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final ConsoleContext context;

    MetricsRoutes(ConsoleContext context) {
        this.context = context;
    }

    void register(Javalin app) {
        app.get(PATH, this::scrape);
    }

    private void scrape(Context ctx) {
        String token = context.metricsToken();
        if (token == null ? !loopback(ctx.ip()) : !presents(ctx.header("Authorization"), token)) {
            ctx.status(token == null ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED);
            if (token != null) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"radpost-metrics\"");
            }
            ctx.contentType("text/plain; charset=utf-8").result(token == null
                    ? "Metrics are served to this machine only; set datacenter.metrics-token to let a remote Prometheus scrape with it.\n"
                    : "Give the metrics token as 'Authorization: Bearer <token>' (datacenter.metrics-token).\n");
            return;
        }
        ctx.contentType(PROMETHEUS_TEXT).result(context.metrics().scrape());
    }

    private static boolean presents(String authorization, String token) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // Constant-time: the comparison must not tell a guesser how many leading characters were right.
        return MessageDigest.isEqual(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean loopback(String ip) {
        try {
            return InetAddress.getByName(ip).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

package org.radpost.viewer.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Keeps other web pages from acting through the radiologist's browser: the agent listens on the radiologist's own
 * machine, so without this any page they visit could post a signed report or an annotation to it. Every POST must
 * come from the agent's own origin (a browser's Origin header, when sent, names this host) and carry the token the
 * agent's pages embed (form field {@code csrf} or header {@code X-CSRF-Token}); otherwise it is refused with 403.
 * The token is random per agent process, so it cannot be guessed or learnt from another process.
 */
public final class LocalPageGuard {
    public static final String FORM_FIELD = "csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final String TOKEN = HexFormat.of().formatHex(random());

    private LocalPageGuard() {}

    /** The token this agent's pages embed in every form and send with every fetch that changes something. */
    public static String token() {
        return TOKEN;
    }

    static void register(Javalin app) {
        app.before(LocalPageGuard::check);
    }

    private static void check(Context ctx) {
        HandlerType method = ctx.method();
        if (method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS) {
            return;
        }
        String origin = ctx.header("Origin");
        String host = ctx.header("Host");
        if (origin != null && (host == null || !origin.equalsIgnoreCase("http://" + host))) {
            throw new ForbiddenResponse("refused: this request comes from another web page (" + origin
                    + "); reports and annotations are accepted only from the viewer agent's own pages");
        }
        String sent = ctx.header(HEADER);
        if (sent == null && isForm(ctx)) {
            sent = ctx.formParam(FORM_FIELD);
        }
        if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.US_ASCII), TOKEN.getBytes(StandardCharsets.US_ASCII))) {
            throw new ForbiddenResponse("refused: the request carries no valid page token; reload the viewer's page and try again");
        }
    }

    private static boolean isForm(Context ctx) {
        String type = String.valueOf(ctx.contentType());
        return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
    }

    private static byte[] random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}

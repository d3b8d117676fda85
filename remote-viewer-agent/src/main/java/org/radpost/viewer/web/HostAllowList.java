package org.radpost.viewer.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Answers only requests addressed to the agent by one of its own names: 127.0.0.1, localhost, [::1], the address it
 * is bound to, and the names in {@code web.allowed-hosts}, each with the page's port. A web page whose name the
 * attacker re-points at this machine (DNS rebinding) reaches the agent with that name in the Host header and an
 * Origin that matches it, so neither the Origin check nor the page token stops it from reading the worklist (and the
 * token with it) and posting; this does. Refused with 421 Misdirected Request, on every method.
 */
final class HostAllowList {
    private static final int DEFAULT_HTTP_PORT = 80;
    private final Set<String> names = new HashSet<>(List.of("127.0.0.1", "localhost", "[::1]"));
    private final Set<String> namesWithPort = new HashSet<>();
    private final IntSupplier port;

    private HostAllowList(String boundHost, List<String> allowedHosts, IntSupplier port) {
        this.port = port;
        if (!boundHost.equals("0.0.0.0") && !boundHost.equals("::") && !boundHost.equals("[::]")) {
            names.add(bracketed(boundHost.toLowerCase(Locale.ROOT)));
        }
        for (String allowed : allowedHosts) {
            String name = allowed.toLowerCase(Locale.ROOT);
            (hasPort(name) ? namesWithPort : names).add(name);
        }
    }

    /** Refuses, before any route or other check, every request whose Host is not one of the agent's names. */
    static void register(Javalin app, String boundHost, List<String> allowedHosts) {
        HostAllowList list = new HostAllowList(boundHost, allowedHosts, app::port);
        app.before(list::check);
    }

    private void check(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || !allows(host.strip().toLowerCase(Locale.ROOT))) {
            throw new HttpResponseException(421, "refused: this request was addressed to '" + host + "', not to the"
                    + " viewer agent (open http://127.0.0.1:" + port.getAsInt() + "/); a web page that points its own"
                    + " name at this machine is not let in. To use another name for this machine, add it to"
                    + " web.allowed-hosts");
        }
    }

    private boolean allows(String host) {
        if (namesWithPort.contains(host)) {
            return true;
        }
        String name = host;
        int sentPort = DEFAULT_HTTP_PORT;
        if (hasPort(host)) {
            int colon = host.lastIndexOf(':');
            name = host.substring(0, colon);
            try {
                sentPort = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return sentPort == port.getAsInt() && names.contains(name);
    }

    /** Whether a Host value ends in a port: after the last ':' and, for an IPv6 literal, after its ']'. */
    private static boolean hasPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') && (host.startsWith("[") || host.indexOf(':') == colon);
    }

    private static String bracketed(String address) {
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }
}

package org.radpost.datacenter.console;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.radpost.datacenter.DataCenter;
import org.radpost.wire.tls.TlsIdentity;

/** A browser-like HTTPS client for the console: keeps its cookie, trusts the deployment CA, follows no redirect. */
final class ConsoleClient {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private final HttpClient http;
    private final String base;
    private String csrf;

    ConsoleClient(DataCenter dataCenter) throws Exception {
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .sslContext(TlsIdentity.clientContext(dataCenter.trustStore(), "changeit".toCharArray()))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.base = "https://localhost:" + dataCenter.consolePort();
    }

    HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(response.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return response;
    }

    /** A GET with one extra request header (e.g. Authorization), as a scraper sends it. */
    HttpResponse<String> get(String path, String header, String value) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header(header, value).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form with the CSRF token of the last page read. */
    HttpResponse<String> post(String path, String... pairs) throws Exception {
        StringBuilder body = new StringBuilder(csrf == null ? "" : "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8));
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append("=")
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postRaw(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in; the response is the redirect that follows. */
    HttpResponse<String> login(String user, String password) throws Exception {
        get("/login");
        return post("/login", "username", user, "password", password);
    }

    /** Follows redirects, as a browser would after a form, to the page that answers. */
    HttpResponse<String> follow(HttpResponse<String> redirect) throws Exception {
        HttpResponse<String> response = redirect;
        for (int hops = 0; hops < 5 && response.statusCode() == 302; hops++) {
            String location = response.headers().firstValue("Location").orElseThrow();
            URI uri = URI.create(location);
            response = get(uri.isAbsolute() ? uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) : location);
        }
        if (response == redirect) {
            throw new AssertionError("expected a redirect, got " + redirect.statusCode() + ": " + redirect.body());
        }
        return response;
    }

    String csrf() {
        return csrf;
    }
}

package org.radpost.viewer.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.rendering.template.JavalinJte;
import java.util.List;
import java.util.Map;
import org.radpost.viewer.view.CannotDisplayException;
import org.radpost.wire.dicom.DicomFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The radiologist's web pages, served by the agent on one port; HTTP errors are mapped here and nowhere else. */
public final class ViewerWeb implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ViewerWeb.class);
    /** Where the jte Maven plugin puts the compiled templates of src/main/jte. */
    static final String TEMPLATE_PACKAGE = "org.radpost.viewer.web.jte";

    private final Javalin app;

    private ViewerWeb(Javalin app) {
        this.app = app;
    }

    /** Serves the pages on {@code host:port}, answering to the loopback names and to {@code allowedHosts} only. */
    public static ViewerWeb start(ReadingDesk desk, String host, int port, List<String> allowedHosts) {
        // Templates are compiled with the module (type-checked, HTML-escaped by default), never at run time.
        TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html, null, TEMPLATE_PACKAGE);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.fileRenderer(new JavalinJte(templates));
            config.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = "/org/radpost/viewer/web/assets";
                files.location = Location.CLASSPATH;
            });
        });
        HostAllowList.register(app, host, allowedHosts); // first: a rebound foreign name learns nothing, not even the token
        LocalPageGuard.register(app); // before any route: no POST without the page's token and origin
        new WorklistRoutes(desk).register(app);
        new StudyRoutes(desk).register(app);
        new ImageRoutes(desk).register(app);
        app.exception(CannotDisplayException.class, (e, ctx) -> problem(ctx, desk, 422, "Cannot display", e.getMessage()));
        app.exception(DicomFileException.class, (e, ctx) -> problem(ctx, desk, 422, "Cannot read the object", e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> problem(ctx, desk, 400, "Cannot do that", e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, desk, e.getStatus(),
                e.getStatus() == 404 ? "Not here" : "Cannot do that", e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed: {}", ctx.method(), ctx.path(), e.toString(), e);
            problem(ctx, desk, 500, "The viewer agent failed", "The viewer agent failed: " + e.getMessage()
                    + ". The log has the details.");
        });
        app.start(host, port);
        return new ViewerWeb(app);
    }

    /**
     * A failure as the requester can use it: a page for a browser that asked for a page, the plain sentence for
     * the page's own fetches (images, API), which show it in place.
     */
    private static void problem(Context ctx, ReadingDesk desk, int status, String heading, String message) {
        ctx.status(status);
        String accept = String.valueOf(ctx.header("Accept"));
        boolean pageRequest = accept.contains("text/html") && !ctx.path().startsWith("/api/") && !ctx.path().startsWith("/image/");
        if (pageRequest) {
            ctx.render("error.jte", Map.of("status", status, "heading", heading, "message", String.valueOf(message),
                    "readerName", desk.readerName()));
        } else {
            ctx.contentType("text/plain; charset=utf-8").result(String.valueOf(message));
        }
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}

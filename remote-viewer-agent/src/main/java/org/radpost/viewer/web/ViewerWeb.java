package org.radpost.viewer.web;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import org.radpost.wire.dicom.DicomFileException;
import org.radpost.viewer.view.CannotDisplayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The radiologist's web pages, served by the agent on one port; HTTP errors are mapped here and nowhere else. */
public final class ViewerWeb implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ViewerWeb.class);
    private final Javalin app;

    private ViewerWeb(Javalin app) {
        this.app = app;
    }

    public static ViewerWeb start(ReadingDesk desk, String host, int port) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = "/org/radpost/viewer/web/assets";
                files.location = Location.CLASSPATH;
            });
        });
        new WorklistRoutes(desk).register(app);
        new StudyRoutes(desk).register(app);
        new ImageRoutes(desk).register(app);
        app.exception(CannotDisplayException.class, (e, ctx) ->
                ctx.status(422).contentType("text/plain; charset=utf-8").result(e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) ->
                ctx.status(400).contentType("text/plain; charset=utf-8").result(e.getMessage()));
        app.exception(DicomFileException.class, (e, ctx) ->
                ctx.status(422).contentType("text/plain; charset=utf-8").result(e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) ->
                ctx.status(e.getStatus()).contentType("text/plain; charset=utf-8").result(e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed: {}", ctx.method(), ctx.path(), e.toString(), e);
            ctx.status(500).contentType("text/plain; charset=utf-8").result("The viewer agent failed: " + e.getMessage());
        });
        app.start(host, port);
        return new ViewerWeb(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}

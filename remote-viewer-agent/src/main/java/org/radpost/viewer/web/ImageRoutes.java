package org.radpost.viewer.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.dicom.DicomFileException;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.viewer.annotate.PixelSpacing;
import org.radpost.viewer.annotate.Point;
import org.radpost.viewer.annotate.PresentationStateWriter;
import org.radpost.viewer.annotate.Shape;
import org.radpost.viewer.dicom.Dicom;
import org.radpost.viewer.store.AnnotationInfo;
import org.radpost.viewer.store.ImageInfo;
import org.radpost.viewer.view.ImageRenderer;
import org.radpost.viewer.view.TransferSyntaxNames;
import org.radpost.viewer.view.WindowLevel;

/** Rendered frames as PNG, an image's key attributes and saved annotations, and saving new annotations. */
final class ImageRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The attributes shown beside the image, in reading order. */
    private static final Object[][] KEY_ATTRIBUTES = {
            {"Patient", TagFromName.PatientName}, {"Patient ID", TagFromName.PatientID},
            {"Birth date", TagFromName.PatientBirthDate}, {"Sex", TagFromName.PatientSex},
            {"Study date", TagFromName.StudyDate}, {"Accession", TagFromName.AccessionNumber},
            {"Study", TagFromName.StudyDescription}, {"Modality", TagFromName.Modality},
            {"Series", TagFromName.SeriesDescription}, {"Series no.", TagFromName.SeriesNumber},
            {"Instance no.", TagFromName.InstanceNumber}, {"Body part", TagFromName.BodyPartExamined},
            {"Slice thickness", TagFromName.SliceThickness}, {"Pixel spacing", TagFromName.PixelSpacing},
            {"Rows", TagFromName.Rows}, {"Columns", TagFromName.Columns},
            {"Window", TagFromName.WindowCenter}, {"Manufacturer", TagFromName.Manufacturer},
            {"Institution", TagFromName.InstitutionName}};
    private final ReadingDesk desk;
    private final DicomHeaderReader headers = new DicomHeaderReader();

    ImageRoutes(ReadingDesk desk) {
        this.desk = desk;
    }

    void register(Javalin app) {
        app.get("/image/{sop}/render", this::render);
        app.get("/api/image/{sop}", this::info);
        app.post("/api/image/{sop}/annotations", this::saveAnnotations);
    }

    private ImageInfo image(Context ctx) {
        SopInstanceUid sop = SopInstanceUid.of(ctx.pathParam("sop"));
        return desk.studies().image(sop).orElseThrow(() -> new NotFoundResponse("no image " + sop + " here"));
    }

    private void render(Context ctx) throws Exception {
        ImageInfo image = image(ctx);
        int frame = ctx.queryParamAsClass("frame", Integer.class).getOrDefault(0);
        ImageRenderer.Rendered rendered = desk.renderer().render(image.file(), frame,
                WindowLevel.fromQuery(ctx.queryParam("wc"), ctx.queryParam("ww")));
        rendered.windowLevel().ifPresent(w -> {
            ctx.header("X-Window-Center", Double.toString(w.center()));
            ctx.header("X-Window-Width", Double.toString(w.width()));
        });
        ctx.header("X-Frames", Integer.toString(rendered.frames()));
        ctx.header("Cache-Control", "private, max-age=300");
        ctx.contentType("image/png").result(rendered.png());
    }

    private void info(Context ctx) throws DicomFileException {
        ImageInfo image = image(ctx);
        AttributeList list = headers.readAttributes(image.file());
        List<List<String>> attributes = new ArrayList<>();
        for (Object[] row : KEY_ATTRIBUTES) {
            AttributeTag tag = (AttributeTag) row[1];
            String value = com.pixelmed.dicom.Attribute.getDelimitedStringValuesOrEmptyString(list, tag).trim();
            if (tag == TagFromName.WindowCenter && !value.isEmpty()) {
                value = "C " + value + " / W " + Dicom.string(list, TagFromName.WindowWidth);
            } else if ((tag == TagFromName.StudyDate || tag == TagFromName.PatientBirthDate) && value.matches("\\d{8}")) {
                value = value.substring(0, 4) + "-" + value.substring(4, 6) + "-" + value.substring(6);
            }
            if (!value.isEmpty()) {
                attributes.add(List.of((String) row[0], tag == TagFromName.PatientName ? Format.personName(value) : value));
            }
        }
        attributes.add(List.of("Frames", Integer.toString(image.frames())));
        attributes.add(List.of("Transfer syntax", TransferSyntaxNames.describe(image.transferSyntaxUid())));
        attributes.add(List.of("SOP Instance UID", image.sopInstanceUid().value()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sop", image.sopInstanceUid().value());
        body.put("rows", Integer.parseInt(orZero(Dicom.string(list, TagFromName.Rows))));
        body.put("columns", Integer.parseInt(orZero(Dicom.string(list, TagFromName.Columns))));
        body.put("frames", image.frames());
        body.put("pixelSpacing", PixelSpacing.of(list).map(s -> List.of(s.betweenRows(), s.betweenColumns())).orElse(null));
        body.put("attributes", attributes);
        List<Object> annotations = new ArrayList<>();
        for (AnnotationInfo a : desk.studies().annotations(image.sopInstanceUid())) {
            annotations.add(Map.of("sop", a.sopInstanceUid().value(), "local", a.local(), "reader", a.reader(),
                    "shapes", readTree(a.shapesJson())));
        }
        body.put("annotations", annotations);
        ctx.json(body);
    }

    private void saveAnnotations(Context ctx) throws Exception {
        ImageInfo image = image(ctx);
        JsonNode body = JSON.readTree(ctx.body());
        List<Shape> shapes = new ArrayList<>();
        for (JsonNode s : body.path("shapes")) {
            List<Point> points = new ArrayList<>();
            for (JsonNode p : s.path("points")) {
                points.add(new Point(p.path("x").asDouble(), p.path("y").asDouble()));
            }
            shapes.add(new Shape(Shape.Kind.of(s.path("kind").asText("")), points, s.path("text").asText("")));
        }
        PresentationStateWriter.Written written = desk.annotations().save(image.sopInstanceUid(), shapes);
        ctx.json(Map.of("sopInstanceUid", written.sopInstanceUid().value(), "measurements", written.measurements(),
                "message", String.format(Locale.ROOT, "Saved %d annotation(s) as presentation state; queued to send.", shapes.size())));
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            return JSON.createArrayNode();
        }
    }

    private static String orZero(String s) {
        return s.isEmpty() ? "0" : s;
    }
}

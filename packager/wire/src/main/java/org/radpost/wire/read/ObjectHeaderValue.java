package org.radpost.wire.read;

import org.radpost.wire.RejectReason;
import java.util.HashMap;
import java.util.Map;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.radpost.wire.ObjectType;
import org.radpost.wire.WireHeaders;

/** One parsed {@link WireHeaders#OBJECT} header: type, uid, optional ref, sha256, size. */
record ObjectHeaderValue(ObjectType type, String uid, String ref, String sha256, long size) {

    static ObjectHeaderValue parse(String value) throws WireFormatException {
        RawBody body = RawFieldParser.DEFAULT.parseRawBody(new RawField(WireHeaders.OBJECT, value));
        Map<String, String> params = new HashMap<>();
        for (NameValuePair pair : body.getParams()) {
            params.put(pair.getName().toLowerCase(), pair.getValue() == null ? "" : pair.getValue().trim());
        }
        ObjectType type = ObjectType.fromToken(body.getValue()).filter(ObjectType::isDicom).orElseThrow(() ->
                new WireFormatException(RejectReason.BAD_HEADER, WireHeaders.OBJECT + " '" + value + "' names no DICOM object type"));
        String uid = params.getOrDefault("uid", "");
        String sha = params.getOrDefault("sha256", "");
        if (uid.isEmpty() || sha.isEmpty()) {
            throw new WireFormatException(RejectReason.BAD_HEADER, WireHeaders.OBJECT + " '" + value + "' lacks uid= or sha256=");
        }
        long size;
        try {
            size = Long.parseLong(params.getOrDefault("size", "-1"));
        } catch (NumberFormatException e) {
            throw new WireFormatException(RejectReason.BAD_HEADER, WireHeaders.OBJECT + " '" + value + "' has a bad size=");
        }
        return new ObjectHeaderValue(type, uid, params.getOrDefault("ref", ""), sha.toLowerCase(), size);
    }
}

package dev.breakaway.core.io;

import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Streaming readers of GPX and TCX, namespace-agnostic, with no external entities. */
final class XmlTracks {

    private XmlTracks() {}

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return factory;
    }

    /**
     * GPX 1.0/1.1: {@code trkpt} into {@code track}, {@code rtept} into {@code route}.
     *
     * @param requireTime whether a point without a time is an error (tracks of rides) or allowed
     *     (courses)
     */
    static void readGpx(
            InputStream in,
            String source,
            List<TrackPoint> track,
            List<TrackPoint> route,
            boolean requireTime) {
        try {
            XMLStreamReader xml = factory().createXMLStreamReader(in);
            List<TrackPoint> target = null;
            double lat = 0;
            double lon = 0;
            Double ele = null;
            Instant time = null;
            String text = null;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = xml.getLocalName();
                    if (name.equals("trkpt") || name.equals("rtept")) {
                        target = name.equals("trkpt") ? track : route;
                        lat = parseDouble(xml.getAttributeValue(null, "lat"), "lat", source, xml);
                        lon = parseDouble(xml.getAttributeValue(null, "lon"), "lon", source, xml);
                        ele = null;
                        time = null;
                    }
                    text = null;
                } else if (event == XMLStreamConstants.CHARACTERS) {
                    text = text == null ? xml.getText() : text + xml.getText();
                } else if (event == XMLStreamConstants.END_ELEMENT && target != null) {
                    String name = xml.getLocalName();
                    switch (name) {
                        case "ele" -> ele = parseDouble(trim(text), "ele", source, xml);
                        case "time" -> time = parseTime(trim(text), source, xml);
                        case "trkpt", "rtept" -> {
                            if (requireTime && time == null) {
                                throw new CourseFormatException(
                                        source
                                                + ": point without time at line "
                                                + xml.getLocation().getLineNumber());
                            }
                            target.add(point(time, lat, lon, ele, source, xml));
                            target = null;
                        }
                        default -> {}
                    }
                    text = null;
                }
            }
        } catch (XMLStreamException e) {
            throw new CourseFormatException(source + ": not valid GPX: " + e.getMessage(), e);
        }
    }

    /** TCX: every {@code Trackpoint} with a position (points without one are skipped). */
    static void readTcx(InputStream in, String source, List<TrackPoint> track) {
        try {
            XMLStreamReader xml = factory().createXMLStreamReader(in);
            boolean inPoint = false;
            Double lat = null;
            Double lon = null;
            Double ele = null;
            Instant time = null;
            String text = null;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (xml.getLocalName().equals("Trackpoint")) {
                        inPoint = true;
                        lat = null;
                        lon = null;
                        ele = null;
                        time = null;
                    }
                    text = null;
                } else if (event == XMLStreamConstants.CHARACTERS) {
                    text = text == null ? xml.getText() : text + xml.getText();
                } else if (event == XMLStreamConstants.END_ELEMENT && inPoint) {
                    switch (xml.getLocalName()) {
                        case "Time" -> time = parseTime(trim(text), source, xml);
                        case "LatitudeDegrees" -> lat = parseDouble(trim(text), "lat", source, xml);
                        case "LongitudeDegrees" ->
                                lon = parseDouble(trim(text), "lon", source, xml);
                        case "AltitudeMeters" -> ele = parseDouble(trim(text), "ele", source, xml);
                        case "Trackpoint" -> {
                            if (lat != null && lon != null && time != null) {
                                track.add(point(time, lat, lon, ele, source, xml));
                            }
                            inPoint = false;
                        }
                        default -> {}
                    }
                    text = null;
                }
            }
        } catch (XMLStreamException e) {
            throw new CourseFormatException(source + ": not valid TCX: " + e.getMessage(), e);
        }
    }

    private static TrackPoint point(
            Instant time, double lat, double lon, Double ele, String source, XMLStreamReader xml) {
        if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
            throw new CourseFormatException(
                    source
                            + ": coordinates out of range at line "
                            + xml.getLocation().getLineNumber());
        }
        return new TrackPoint(time, lat, lon, ele);
    }

    private static String trim(String text) {
        return text == null ? null : text.trim();
    }

    private static double parseDouble(
            String value, String what, String source, XMLStreamReader xml) {
        try {
            return Double.parseDouble(value);
        } catch (NullPointerException | NumberFormatException e) {
            throw new CourseFormatException(
                    source
                            + ": bad "
                            + what
                            + " '"
                            + value
                            + "' at line "
                            + xml.getLocation().getLineNumber(),
                    e);
        }
    }

    private static Instant parseTime(String value, String source, XMLStreamReader xml) {
        try {
            return Instant.parse(value);
        } catch (NullPointerException | DateTimeParseException e) {
            throw new CourseFormatException(
                    source
                            + ": bad time '"
                            + value
                            + "' at line "
                            + xml.getLocation().getLineNumber(),
                    e);
        }
    }
}

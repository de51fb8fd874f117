package dev.breakaway.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes a track as GPX 1.1 (one track, one segment), as {@link TrackReader} reads it back. */
public final class TrackWriter {

    private static final String GPX = "http://www.topografix.com/GPX/1/1";

    private TrackWriter() {}

    /** Writes {@code points} (in their order) to {@code file}, the track named {@code name}. */
    public static void gpx(Path file, String name, List<TrackPoint> points) {
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter xml =
                    XMLOutputFactory.newInstance().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("gpx");
            xml.writeDefaultNamespace(GPX);
            xml.writeAttribute("version", "1.1");
            xml.writeAttribute("creator", "Breakaway");
            xml.writeStartElement("trk");
            xml.writeStartElement("name");
            xml.writeCharacters(name);
            xml.writeEndElement();
            xml.writeStartElement("trkseg");
            for (TrackPoint p : points) {
                xml.writeStartElement("trkpt");
                xml.writeAttribute("lat", Double.toString(p.lat()));
                xml.writeAttribute("lon", Double.toString(p.lon()));
                if (p.elevationMeters() != null) {
                    xml.writeStartElement("ele");
                    xml.writeCharacters(Double.toString(p.elevationMeters()));
                    xml.writeEndElement();
                }
                if (p.time() != null) {
                    xml.writeStartElement("time");
                    xml.writeCharacters(p.time().toString());
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }
}

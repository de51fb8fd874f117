package dev.breakaway.admin.core;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/** QR codes of onboarding links, as small self-contained SVG documents. */
public final class QrCodes {

    private static final int QUIET_ZONE_MODULES = 4;

    private QrCodes() {}

    /** An SVG of the QR code of {@code text} (error correction M, one unit per module). */
    public static String svg(String text) {
        BitMatrix matrix;
        try {
            matrix =
                    new QRCodeWriter()
                            .encode(
                                    text,
                                    BarcodeFormat.QR_CODE,
                                    0,
                                    0,
                                    Map.of(
                                            EncodeHintType.ERROR_CORRECTION,
                                            ErrorCorrectionLevel.M,
                                            EncodeHintType.MARGIN,
                                            QUIET_ZONE_MODULES));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode as a QR code: " + e.getMessage(), e);
        }
        int width = matrix.getWidth();
        int height = matrix.getHeight();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < height; y++) {
            int x = 0;
            while (x < width) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int run = x;
                while (run < width && matrix.get(run, y)) {
                    run++;
                }
                path.append('M').append(x).append(' ').append(y);
                path.append('h').append(run - x).append("v1h").append(x - run).append('z');
                x = run;
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
                + width
                + " "
                + height
                + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\""
                + " fill=\"#fff\"/><path fill=\"#000\" d=\""
                + path
                + "\"/></svg>";
    }
}

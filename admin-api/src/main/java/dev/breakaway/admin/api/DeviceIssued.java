package dev.breakaway.admin.api;

/**
 * A device just issued, with its credential: shown this once (only its hash is kept).
 *
 * @param credential the device's secret: the rider page's bearer token and the Traccar Client's
 *     device identifier
 * @param riderPageUrl the rider page, signed in (the credential rides in the URL fragment, which
 *     browsers do not send to servers)
 * @param riderPageQrSvg a QR code of {@code riderPageUrl}
 * @param traccar the settings of the Traccar Client app
 */
public record DeviceIssued(
        DeviceView device,
        String credential,
        String riderPageUrl,
        String riderPageQrSvg,
        TraccarSettings traccar) {

    /**
     * What to enter in Traccar Client (Android, iOS): server URL, device identifier, frequency.
     *
     * @param settingsText the three settings as one text, which {@code qrSvg} encodes
     */
    public record TraccarSettings(
            String serverUrl,
            String deviceIdentifier,
            int frequencySeconds,
            String settingsText,
            String qrSvg) {}
}

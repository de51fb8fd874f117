package dev.breakaway.identity;

/**
 * A bearer token that proves nothing: bad signature, other issuer or audience, expired, garbled.
 */
public final class TokenRejectedException extends Exception {

    public TokenRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}

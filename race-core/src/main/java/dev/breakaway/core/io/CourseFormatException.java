package dev.breakaway.core.io;

/** A course or track file that cannot be read, with the reason and where. */
public final class CourseFormatException extends IllegalArgumentException {

    public CourseFormatException(String message) {
        super(message);
    }

    public CourseFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

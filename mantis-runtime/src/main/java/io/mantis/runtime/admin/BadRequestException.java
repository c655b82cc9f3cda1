package io.mantis.runtime.admin;

/** A request the admin endpoint cannot act on; its message names what is wrong and is shown to the caller. */
final class BadRequestException extends Exception {

    BadRequestException(String message) {
        super(message);
    }
}

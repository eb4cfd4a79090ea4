package io.voronka.kernel.storage;

/** A database failure that no client input could cause; it answers 500 and is logged. */
public final class StorageException extends RuntimeException {

    public StorageException(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}

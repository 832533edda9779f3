package org.crossview.render.opencl;

/**
 * OpenCL is unusable for a stated reason: no runtime or platform, no device, a kernel that does not build
 * (the message carries the build log), or a failing OpenCL call (the message names it and the status).
 */
public final class OpenClException extends RuntimeException {
    public OpenClException(String message) {
        super(message);
    }

    public OpenClException(String message, Throwable cause) {
        super(message, cause);
    }
}

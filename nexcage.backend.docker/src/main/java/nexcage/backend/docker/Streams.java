package nexcage.backend.docker;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.async.ResultCallbackTemplate;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

/** Callbacks for docker-java's streaming calls. */
final class Streams {

    private Streams() {
    }

    /**
     * A callback that can be waited on until the engine answered (the response head arrived: the
     * attach, wait or event subscription is in place) or the call failed.
     */
    abstract static class Ready<T, S extends Ready<T, S>> extends ResultCallbackTemplate<S, T> {
        private final CountDownLatch ready = new CountDownLatch(1);
        private volatile boolean failed;

        @Override
        public void onStart(Closeable stream) {
            super.onStart(stream);
            ready.countDown();
        }

        @Override
        public void onError(Throwable throwable) {
            failed = true;
            ready.countDown();
            super.onError(throwable);
        }

        @Override
        public void onComplete() {
            ready.countDown();
            super.onComplete();
        }

        /** Waits until the engine answered or the call ended; false on timeout. */
        boolean awaitReady(long millis) throws InterruptedException {
            return ready.await(millis, TimeUnit.MILLISECONDS);
        }

        /**
         * True when the call failed (its error is thrown by {@code awaitCompletion()}). Unlike
         * docker-java's {@code awaitCompletion(timeout)}, asking does not close the stream.
         */
        boolean failed() {
            return failed;
        }
    }

    /** Copies demultiplexed frames: stderr to {@code err}, stdout (and raw, TTY) output to {@code out}. */
    static final class Copy extends Ready<Frame, Copy> {
        private final OutputStream out;
        private final OutputStream err;
        private volatile IOException writeFailure;

        Copy(OutputStream out, OutputStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void onNext(Frame frame) {
            OutputStream target = frame.getStreamType() == StreamType.STDERR ? err : out;
            if (target == null || frame.getPayload() == null) {
                return;
            }
            try {
                target.write(frame.getPayload());
                target.flush();
            } catch (IOException e) {
                // the reader went away: stop copying
                writeFailure = e;
                Engine.quietly(this);
            }
        }

        /** Set when writing to out/err failed (the reader is gone). */
        IOException writeFailure() {
            return writeFailure;
        }
    }
}
